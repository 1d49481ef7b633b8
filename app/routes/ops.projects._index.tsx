import { numberFormat } from "~/utils/formats";
import { type LoaderFunctionArgs, type MetaFunction, json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireOperator } from "~/auth/guards.server";
import { useDateTime } from "~/components/time";
import { listProjectsForOps } from "~/projects/manage.server";
import { projectState } from "~/projects/project-state";

// The message sections this page shows (besides the shared ones); checked by tests/unit/message-sections.test.ts.
export const handle = { i18n: ["projectForm", "projectOps", "projects"] };

export const meta: MetaFunction = () => [{ title: "Projects · Operations · Sapling" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireOperator(request);
  const projects = await listProjectsForOps();
  const now = new Date();
  return json({ projects: projects.map((project) => ({ ...project, state: projectState(project, now) })) });
}

export default function OpsProjects() {
  const { t, i18n } = useTranslation();
  const { projects } = useLoaderData<typeof loader>();
  const formatTime = useDateTime("Asia/Shanghai");
  const number = numberFormat(i18n.language);
  return (
    <section>
      <h1>{t("projectOps.title")}</h1>
      <p>
        <Link className="button" to="/ops/projects/new">
          {t("projectOps.create")}
        </Link>
      </p>
      {projects.length === 0 ? (
        <p className="notice">{t("projectOps.empty")}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th>{t("projectOps.name")}</th>
                <th>{t("projectOps.kind")}</th>
                <th>{t("projectOps.state")}</th>
                <th>{t("projectOps.allocated")}</th>
                <th>{t("projectOps.layoutUnits")}</th>
                <th>{t("projectOps.opensAt")}</th>
              </tr>
            </thead>
            <tbody>
              {projects.map((project) => (
                <tr key={project.id} data-testid="ops-project-row">
                  <td>
                    <Link to={`/ops/projects/${project.id}`}>{i18n.language === "en" ? project.nameEn : project.nameZh}</Link>
                  </td>
                  <td>{t(`projects.kind.${project.kind}`)}</td>
                  <td>
                    <span className="badge">{t(`projects.state.${project.state}`)}</span>
                  </td>
                  <td>
                    {number.format(project.allocatedUnits)} / {number.format(project.capacity)}
                  </td>
                  <td>{project.layoutUnits ? number.format(project.layoutUnits) : t("projectOps.noBoundary")}</td>
                  <td>{formatTime(project.opensAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
