import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireOperator } from "~/auth/guards.server";
import { FormErrors, SubmitButton } from "~/components/field";
import { BoundaryField, KindField, ProblemList, ProjectCommonFields, TextField } from "~/components/project-fields";
import { wallTimeOf } from "~/energy/local-time";
import { createProject } from "~/projects/manage.server";
import { projectCreateSchema } from "~/projects/project-form";
import { readProjectForm } from "~/projects/project-upload.server";
import { redirectWithToast } from "~/utils/toast.server";

// The message sections this page shows (besides the shared ones); checked by tests/unit/message-sections.test.ts.
export const handle = { i18n: ["auth", "projectForm", "projectOps", "projects", "species"] };

export const meta: MetaFunction = () => [{ title: "New project · Operations · Sapling" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireOperator(request);
  return json({ opensAt: wallTimeOf(new Date(Date.now() + 7 * 24 * 3600 * 1000), "Asia/Shanghai") });
}

export async function action({ request }: ActionFunctionArgs) {
  await requireOperator(request);
  const { submission, boundaryText, problems } = await readProjectForm(request, projectCreateSchema);
  if (!submission) return json({ result: null, problems }, { status: 400 });
  if (submission.status !== "success") return json({ result: submission.reply(), problems }, { status: 400 });
  const { boundary: _file, ...input } = submission.value;
  const created = await createProject(input, boundaryText ?? "");
  if (!created.ok) return json({ result: submission.reply({ fieldErrors: created.fieldErrors }), problems: created.problems }, { status: 400 });
  return redirectWithToast(`/ops/projects/${created.project.id}`, { message: "projectOps.created" });
}

export default function NewProject() {
  const { t } = useTranslation();
  const { opensAt } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const [form, fields] = useForm({
    lastResult: actionData?.result ?? undefined,
    constraint: getZodConstraint(projectCreateSchema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    defaultValue: { kind: "PROTECTED_AREA", opensAt },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: projectCreateSchema }),
  });
  return (
    <section>
      <p>
        <Link to="/ops/projects">← {t("projectOps.back")}</Link>
      </p>
      <h1>{t("projectOps.create")}</h1>
      <Form method="post" encType="multipart/form-data" className="stack" {...getFormProps(form)}>
        <FormErrors errors={form.errors} />
        <ProblemList problems={actionData?.problems} />
        <KindField meta={fields.kind} />
        <TextField name="slug" meta={fields.slug} />
        <TextField name="codePrefix" meta={fields.codePrefix} />
        <ProjectCommonFields fields={fields} />
        <BoundaryField meta={fields.boundary} label={t("projectForm.boundary")} />
        <SubmitButton busy={busy} label={t("projectForm.submitCreate")} />
      </Form>
    </section>
  );
}

