import { type LoaderFunctionArgs, type MetaFunction, json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireUser } from "~/auth/guards.server";
import { PlotShape, PlotWhere } from "~/components/plot-shape";
import { ProjectMap } from "~/components/project-map";
import { projectMaps } from "~/projects/layouts.server";
import { listPlotsHeld } from "~/projects/plots.server";

// The message sections this page shows (besides the shared ones); checked by tests/unit/message-sections.test.ts.
export const handle = { i18n: ["map", "plots", "projectForm"] };

export const meta: MetaFunction = () => [{ title: "My plots · Sapling" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const plots = await listPlotsHeld(user.id);
  const projectIds = [...new Set(plots.map((plot) => plot.projectId))];
  const projects = await Promise.all(
    projectIds.map(async (projectId) => {
      const mine = plots.filter((plot) => plot.projectId === projectId);
      const { project } = mine[0]!;
      const maps = await projectMaps(projectId);
      return {
        id: projectId,
        slug: project.slug,
        kind: project.kind,
        name: { zh: project.nameZh, en: project.nameEn },
        // Only the sections this user holds land in, each with their plots marked.
        sections: maps
          .map((drawing, index) => ({
            index,
            drawing,
            markers: mine.filter((p) => p.place?.section === index).map((p) => ({ path: p.place!.drawing.path, centre: p.place!.drawing.centre, label: p.code })),
          }))
          .filter((section) => section.markers.length > 0),
        plots: mine.map((plot) => ({
          code: plot.code,
          unitCount: plot.unitCount,
          place: plot.place,
          status: plot.status,
          certificateNumber: plot.redemption.certificateNumber,
        })),
      };
    }),
  );
  return json({ projects });
}

export default function Plots() {
  const { t, i18n } = useTranslation();
  const { projects } = useLoaderData<typeof loader>();
  return (
    <section>
      <h1>{t("plots.title")}</h1>
      {projects.length === 0 ? (
        <p className="notice">
          {t("plots.empty")} <Link to="/projects">{t("plots.findOne")}</Link>
        </p>
      ) : (
        projects.map((project) => {
          const name = i18n.language === "en" ? project.name.en : project.name.zh;
          return (
            <section key={project.id} className="plot-group" data-testid="plot-group">
              <h2>
                <Link to={`/projects/${project.slug}`}>{name}</Link>
              </h2>
              {project.sections.map((section) => (
                <ProjectMap
                  key={section.index}
                  drawing={section.drawing}
                  markers={section.markers}
                  label={t("map.sectionLabel", { project: name, number: section.index + 1 })}
                />
              ))}
              <ul className="plot-cards">
                {project.plots.map((plot) => (
                  <li key={plot.code} className="plot-card" data-testid="plot-row">
                    <p>
                      <Link to={`/plots/${plot.code}`}>
                        <code>{plot.code}</code>
                      </Link>{" "}
                      <span className="badge" data-testid="plot-status">
                        {t(`plots.status.${plot.status}`)}
                      </span>
                    </p>
                    <p>{t(`plots.units.${project.kind}`, { count: plot.unitCount })}</p>
                    {plot.place ? <PlotWhere place={plot.place} /> : null}
                    {plot.place && project.kind === "PROTECTED_AREA" ? <PlotShape drawing={plot.place.drawing} label={t("plots.shape", { code: plot.code })} /> : null}
                    <p>
                      {plot.certificateNumber ? (
                        <Link to={`/certificates/${plot.certificateNumber}`}>
                          {t("plots.certificate")} <code>{plot.certificateNumber}</code>
                        </Link>
                      ) : null}
                    </p>
                    <p>
                      <Link to={`/plots/${plot.code}`}>{t("plots.details")}</Link>
                    </p>
                  </li>
                ))}
              </ul>
            </section>
          );
        })
      )}
    </section>
  );
}
