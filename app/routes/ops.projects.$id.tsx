import { numberFormat } from "~/utils/formats";
import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireOperator } from "~/auth/guards.server";
import { FormErrors, SubmitButton } from "~/components/field";
import { BoundaryField, ProjectCommonFields, Refusal } from "~/components/project-fields";
import { ProjectMap } from "~/components/project-map";
import { wallTimeOf } from "~/energy/local-time";
import { findProjectLayout } from "~/projects/manage.server";
import { updateProjectOp } from "~/projects/operations.server";
import { intent, pageAction } from "~/utils/operation.server";
import { conformResult } from "~/utils/page-reply";
import { drawPolygons } from "~/projects/map";
import { MAX_BOUNDARY_BYTES, projectEditSchema } from "~/projects/project-form";
import { projectState } from "~/projects/project-state";

// The message sections this page shows (besides the shared ones); checked by tests/unit/message-sections.test.ts.
export const handle = { i18n: ["auth", "friends", "map", "projectForm", "projectOps", "projects", "species"] };

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.project.nameEn ?? ""} · Operations · Sapling` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireOperator(request);
  const found = await findProjectLayout(params.id!);
  if (!found) throw new Response("Not found", { status: 404 });
  const { project, boundary, sections } = found;
  const drawings = boundary ? drawPolygons(boundary, sections, project.allocatedUnits) : [];
  return json({
    project: {
      id: project.id,
      slug: project.slug,
      kind: project.kind,
      nameZh: project.nameZh,
      nameEn: project.nameEn,
      countyZh: project.countyZh,
      countyEn: project.countyEn,
      species: project.species ?? "",
      art: project.art ?? "sea-buckthorn",
      codePrefix: project.codePrefix,
      unitCostGrams: project.unitCostGrams,
      capacity: project.capacity,
      allocatedUnits: project.allocatedUnits,
      layoutUnits: Number(project.layoutUnits),
      opensAt: wallTimeOf(project.opensAt, project.timeZone),
      state: projectState(project, new Date()),
    },
    drawings,
    sectionCount: sections.length,
    blockSide: sections[0] ? 2 ** sections[0].grid.blockOrder : 0,
  });
}

export const action = (args: ActionFunctionArgs) =>
  pageAction(args, { save: intent(updateProjectOp, { form: true, done: () => ({ message: "projectOps.saved" }) }) }, { maxFileBytes: MAX_BOUNDARY_BYTES });

export default function OpsProject() {
  const { t, i18n } = useTranslation();
  const { project, drawings, sectionCount, blockSide } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const number = numberFormat(i18n.language);
  const name = i18n.language === "en" ? project.nameEn : project.nameZh;
  const [form, fields] = useForm({
    lastResult: conformResult(reply),
    constraint: getZodConstraint(projectEditSchema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    defaultValue: { ...project, capacity: String(project.capacity), unitCostGrams: String(project.unitCostGrams) },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: projectEditSchema }),
  });
  const blocks = drawings.reduce((sum, d) => sum + d.blocks, 0);
  return (
    <section>
      <p>
        <Link to="/ops/projects">← {t("projectOps.back")}</Link>
      </p>
      <p className="muted">
        {t(`projects.kind.${project.kind}`)} · <code>{project.codePrefix}</code> · <Link to={`/projects/${project.slug}`}>/projects/{project.slug}</Link>{" "}
        <span className="badge">{t(`projects.state.${project.state}`)}</span>
      </p>
      <h1>{name}</h1>
      <p>
        <Link to={`/ops/projects/${project.id}/evidence`}>{t("projectOps.evidenceLink")}</Link>
      </p>
      {reply?.ok ? (
        <p className="notice" role="status" data-testid="project-saved">
          {t("projectOps.saved")}
        </p>
      ) : null}

      <h2>{t("projectOps.preview")}</h2>
      {drawings.length === 0 ? (
        <p className="notice">{t("projectOps.noBoundary")}</p>
      ) : (
        <>
          <p data-testid="layout-summary">
            {t("projectOps.previewBody", {
              units: number.format(project.layoutUnits),
              unit: t(`projects.unit.${project.kind}`),
              sections: sectionCount,
              capacity: number.format(project.capacity),
              allocated: number.format(project.allocatedUnits),
            })}{" "}
            {t(project.kind === "FOREST" ? "projectOps.stands" : "projectOps.blocks", { count: number.format(blocks) as unknown as number, side: blockSide })}
          </p>
          {drawings.map((drawing, i) => (
            <div key={i}>
              <h3>{t("map.section", { number: i + 1, units: number.format(drawing.units) })}</h3>
              <ProjectMap drawing={drawing} label={t("map.sectionLabel", { project: name, number: i + 1 })} />
            </div>
          ))}
        </>
      )}

      <h2>{t("projectOps.edit")}</h2>
      <Form method="post" encType="multipart/form-data" className="stack" {...getFormProps(form)}>
        <input type="hidden" name="intent" value="save" />
        <FormErrors errors={form.errors} />
        <Refusal reply={reply} />
        <ProjectCommonFields fields={fields} />
        {project.allocatedUnits > 0 ? (
          <p className="muted">{t("projectOps.boundaryFixed")}</p>
        ) : (
          <BoundaryField meta={fields.boundary} validate={form.validate} label={t("projectForm.boundaryReplace")} />
        )}
        <SubmitButton busy={busy} label={t("projectForm.submitEdit")} />
      </Form>
    </section>
  );
}
