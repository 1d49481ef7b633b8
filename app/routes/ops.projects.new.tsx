import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireOperator } from "~/auth/guards.server";
import { FormErrors, SubmitButton } from "~/components/field";
import { BoundaryField, KindField, ProjectCommonFields, Refusal, TextField } from "~/components/project-fields";
import { wallTimeOf } from "~/energy/local-time";
import { createProjectOp } from "~/projects/operations.server";
import { MAX_BOUNDARY_BYTES, projectCreateSchema } from "~/projects/project-form";
import { intent, pageAction } from "~/utils/operation.server";
import { conformResult } from "~/utils/page-reply";
import { redirectWithToast } from "~/utils/toast.server";

// The message sections this page shows (besides the shared ones); checked by tests/unit/message-sections.test.ts.
export const handle = { i18n: ["auth", "friends", "projectForm", "projectOps", "projects", "species"] };

export const meta: MetaFunction = () => [{ title: "New project · Operations · Sapling" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireOperator(request);
  return json({ opensAt: wallTimeOf(new Date(Date.now() + 7 * 24 * 3600 * 1000), "Asia/Shanghai") });
}

export const action = (args: ActionFunctionArgs) =>
  pageAction(
    args,
    { create: intent(createProjectOp, { form: true, done: (project) => redirectWithToast(`/ops/projects/${project.id}`, { message: "projectOps.created" }) }) },
    { maxFileBytes: MAX_BOUNDARY_BYTES },
  );

export default function NewProject() {
  const { t } = useTranslation();
  const { opensAt } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const [form, fields] = useForm({
    lastResult: conformResult(reply),
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
        <input type="hidden" name="intent" value="create" />
        <FormErrors errors={form.errors} />
        <Refusal reply={reply} />
        <KindField meta={fields.kind} />
        <TextField name="slug" meta={fields.slug} />
        <TextField name="codePrefix" meta={fields.codePrefix} />
        <ProjectCommonFields fields={fields} />
        <BoundaryField meta={fields.boundary} validate={form.validate} label={t("projectForm.boundary")} />
        <SubmitButton busy={busy} label={t("projectForm.submitCreate")} />
      </Form>
    </section>
  );
}

