import { type LoaderFunctionArgs, type MetaFunction, json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireUser } from "~/auth/guards.server";
import { Pager } from "~/components/pager";
import { PlotShape, PlotWhere } from "~/components/plot-shape";
import { LiveMap, mapLinks } from "~/components/live-map";
import { ProjectMap } from "~/components/project-map";
import { plotsMapData } from "~/projects/plot-places";
import { guardianFeed } from "~/projects/guardian-feed.server";
import { GuardianFeed } from "~/components/guardian-feed";
import { db } from "~/db/client.server";
import { projectMaps } from "~/projects/layouts.server";
import { holdingsByProject, listPlotsHeld, PLOTS_PER_PAGE } from "~/projects/plots.server";
import { pageParam } from "~/utils/input.server";

// The message sections this page shows (besides the shared ones); checked by tests/unit/message-sections.test.ts.
export const handle = { i18n: ["evidence", "guardianFeed", "map", "plots", "projectForm"] };

export const links = mapLinks;

export const meta: MetaFunction = () => [{ title: "My plots · Sapling" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const holdings = await holdingsByProject(user.id);
  const total = holdings.reduce((sum, h) => sum + h.plots, 0);
  const pages = Math.max(1, Math.ceil(total / PLOTS_PER_PAGE));
  const page = Math.min(pageParam(request), pages);
  const [plots, names] = await Promise.all([
    listPlotsHeld(user.id, page),
    db().project.findMany({ where: { id: { in: holdings.map((h) => h.projectId) } }, select: { id: true, slug: true, kind: true, nameZh: true, nameEn: true } }),
  ]);
  const nameOf = new Map(names.map((project) => [project.id, project]));
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
        // Only the polygons this page's plots lie in, each with those plots marked.
        sections: maps
          .map((drawing) => ({
            index: drawing.polygon,
            drawing,
            markers: mine.flatMap((p) => {
              const offset = p.place ? drawing.offsets[p.place.section] : undefined;
              return offset ? [{ path: p.place!.drawing.path, centre: p.place!.drawing.centre, label: p.code, offset }] : [];
            }),
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
  const before = new URL(request.url).searchParams.get("before");
  const feed = await guardianFeed(user.id, before && !Number.isNaN(Date.parse(before)) ? new Date(before) : null);
  const summary = holdings.flatMap((h) => {
    const project = nameOf.get(h.projectId);
    return project ? [{ slug: project.slug, kind: project.kind, name: { zh: project.nameZh, en: project.nameEn }, plots: h.plots, units: h.units }] : [];
  });
  return json({ feed, projects, summary, page, pages, total, first: (page - 1) * PLOTS_PER_PAGE + 1, last: Math.min(page * PLOTS_PER_PAGE, total) });
}

export default function Plots() {
  const { t, i18n } = useTranslation();
  const { feed, projects, summary, page, pages, total, first, last } = useLoaderData<typeof loader>();
  return (
    <section>
      <h1>{t("plots.title")}</h1>
      {summary.length > 1 || pages > 1 ? (
        <ul className="plot-summary" data-testid="plot-summary">
          {summary.map((held) => (
            <li key={held.slug}>
              <Link to={`/projects/${held.slug}`}>{i18n.language === "en" ? held.name.en : held.name.zh}</Link>:{" "}
              {t(`plots.units.${held.kind}`, { count: held.units })} · {t("plots.count", { count: held.plots })}
            </li>
          ))}
        </ul>
      ) : null}
      {pages > 1 ? <p className="muted" data-testid="plot-range">{t("plots.range", { first, last, total })}</p> : null}
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
              <LiveMap
                label={t("map.label", { project: name })}
                land={`/projects/${project.slug}/map.geojson`}
                mine={plotsMapData(project.plots.flatMap((plot) => (plot.place ? [plot.place.map] : []))) ?? undefined}
                fallback={project.sections.map((section) => (
                  <ProjectMap
                    key={section.index}
                    drawing={section.drawing}
                    markers={section.markers}
                    label={t("map.sectionLabel", { project: name, number: section.index + 1 })}
                  />
                ))}
              />
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
      <Pager page={page} pages={pages} />
      {total > 0 ? (
        <section className="plot-group">
          <h2>{t("guardianFeed.title")}</h2>
          <GuardianFeed items={feed.items} olderHref={feed.nextBefore ? `?${new URLSearchParams({ ...(page > 1 ? { page: String(page) } : {}), before: feed.nextBefore })}` : null} />
        </section>
      ) : null}
    </section>
  );
}
