import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, json } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useLocation } from "@remix-run/react";
import { randomUUID } from "node:crypto";
import { useTranslation } from "react-i18next";
import { PhotoThumbs } from "~/components/photo-thumbs";
import { LandToTable } from "~/components/area";
import { productsOfProject } from "~/projects/land-to-table.server";
import { requireUser } from "~/auth/guards.server";
import { LiveMap, mapLinks } from "~/components/live-map";
import { PlotWhere } from "~/components/plot-shape";
import { VisitForm } from "~/components/visit-form";
import { recordVisitOp } from "~/evidence/operations.server";
import { MAX_PHOTO_BYTES } from "~/evidence/photos";
import { visitsForPlot } from "~/evidence/visits.server";
import { intent, pageAction } from "~/utils/operation.server";
import type { PageReply } from "~/utils/page-reply";
import { redirectWithToast } from "~/utils/toast.server";
import { evidenceForPlot, findPlotForViewer } from "~/evidence/access.server";
import { plotNeighbourhood } from "~/projects/plot-places";
import { loadLayouts } from "~/projects/layouts.server";
import { useDateTime } from "~/components/time";

// The message sections this page shows (besides the shared ones); checked by tests/unit/message-sections.test.ts.
export const handle = { i18n: ["evidence", "evidenceForm", "map", "plots", "area", "projectForm", "projects", "species", "visits", "work"] };

export const links = mapLinks;

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.plot.code ?? ""} · Sapling` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const plot = await findPlotForViewer(params.code!, user);
  // Someone else's plot is as absent as one that does not exist.
  if (!plot) throw new Response("Not found", { status: 404 });
  const layout = (await loadLayouts([plot.projectId])).get(plot.projectId)!;
  const [evidence, visits, products] = await Promise.all([evidenceForPlot(plot, plot.place?.stand ?? null), visitsForPlot(plot.id), productsOfProject(plot.projectId)]);
  return json({
    // Only the holder visits their plot (an operator looking at it does not); a new id per page, so
    // a retry of the same form is the same visit.
    visitClientId: plot.holderId === user.id ? randomUUID() : null,
    products,
    // Bought from here by the holder, the order records this plot.
    holds: plot.holderId === user.id,
    visits: visits.map((v) => ({
      id: v.id,
      on: v.createdAt.toISOString(),
      takenOn: v.takenAt ? v.takenAt.toISOString().slice(0, 10) : null,
      position: v.position,
      distanceM: v.distanceM,
      note: v.note,
      by: v.user.displayName,
      photos: v.photos,
    })),
    plot: {
      code: plot.code,
      status: plot.status,
      replantBy: plot.replantBy ? plot.replantBy.toISOString().slice(0, 10) : null,
      unitCount: plot.unitCount,
      kind: plot.project.kind,
      project: { slug: plot.project.slug, name: { zh: plot.project.nameZh, en: plot.project.nameEn }, timeZone: plot.project.timeZone },
      place: plot.place,
      certificateNumber: plot.redemption.certificateNumber,
    },
    neighbourhood: plotNeighbourhood(layout, plot, plot.project.allocatedUnits),
    evidence: evidence.map((e) => ({
      id: e.id,
      kind: e.kind,
      stand: e.stand,
      surveyYear: e.surveyYear,
      // A survival audit of the stand that did not judge this tree (too young) says nothing of it.
      outcome: e.survivals[0]?.outcome ?? null,
      occurredOn: e.occurredOn.toISOString().slice(0, 10),
      latitude: e.latitude,
      longitude: e.longitude,
      crew: e.crew,
      notes: e.notes,
      recordedBy: e.recordedBy.displayName,
      photos: e.photos,
    })),
  });
}

// A guardian's visit (evidence/visits.server.ts): back to the page with a toast, the form emptied.
const withPhoto = (fields: Record<string, string>, params: Record<string, string | undefined>, _: Request, form: FormData) => ({
  ...fields,
  plotCode: params.code,
  files: form.getAll("photos").filter((value) => value instanceof File),
});

export const action = (args: ActionFunctionArgs) =>
  pageAction(
    args,
    { visit: intent(recordVisitOp, { input: withPhoto, done: (visit) => redirectWithToast(new URL(args.request.url).pathname, { message: "visits.recorded", params: { distance: visit.distanceM } }) }) },
    { maxFileBytes: MAX_PHOTO_BYTES },
  );

export default function PlotPage() {
  const { t, i18n } = useTranslation();
  const { plot, neighbourhood, evidence, visits, visitClientId, products, holds } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>() as PageReply | undefined;
  const location = useLocation();
  const date = useDateTime(plot.project.timeZone);
  const projectName = i18n.language === "en" ? plot.project.name.en : plot.project.name.zh;
  return (
    <section>
      <p className="muted">
        <Link to="/plots">← {t("plots.title")}</Link> · <Link to={`/projects/${plot.project.slug}`}>{projectName}</Link>
      </p>
      <h1>
        <code>{plot.code}</code>{" "}
        <span className="badge" data-testid="plot-status">
          {t(`plots.status.${plot.status}`)}
        </span>
      </h1>
      {plot.replantBy ? (
        <p className="notice" data-testid="replant-by">
          {t("plots.replantBy", { date: plot.replantBy })}
        </p>
      ) : null}
      <p>{t(`plots.units.${plot.kind}`, { count: plot.unitCount })}</p>
      {plot.place ? (
        <p>
          <PlotWhere place={plot.place} />
        </p>
      ) : null}
      {plot.certificateNumber ? (
        <p>
          <Link to={`/certificates/${plot.certificateNumber}`}>
            {t("plots.certificate")} <code>{plot.certificateNumber}</code>
          </Link>
        </p>
      ) : null}

      {neighbourhood ? (
        <LiveMap
          label={t("map.plotLabel", { code: plot.code, project: projectName })}
          land={`/projects/${plot.project.slug}/map.geojson`}
          mine={plot.place?.map}
          fallback={
        <figure className="neighbourhood">
          <svg
            viewBox={neighbourhood.box.join(" ")}
            role="img"
            aria-label={t("plots.neighbourhood", { code: plot.code })}
            data-testid="plot-neighbourhood"
          >
            <path d={neighbourhood.outline} className="land" fillRule="evenodd" />
            <path d={neighbourhood.others} className="others" data-testid="others" />
            <path d={neighbourhood.mine} className="mine" data-testid="mine" />
            <path d={neighbourhood.outline} className="outline" fillRule="evenodd" />
          </svg>
          <figcaption className="map-legend">{t("plots.neighbourhoodLegend")}</figcaption>
        </figure>
          }
        />
      ) : null}

      <h2>{t("evidence.title")}</h2>
      {evidence.length === 0 ? (
        <p className="notice">{t("evidence.none")}</p>
      ) : (
        <ul className="evidence-list">
          {evidence.map((record) => (
            <li key={record.id} data-testid="evidence">
              <p>
                <strong>{t(`evidence.kind.${record.kind}`)}</strong>
                {record.surveyYear ? ` (${t("evidence.survivalYear", { count: record.surveyYear })})` : ""} · {record.occurredOn}
                {record.outcome ? (
                  <>
                    {" "}
                    · <span className={record.outcome === "LOST" ? "badge warn" : "badge"} data-testid="survival-outcome">{t(`evidence.outcome.${record.outcome}`)}</span>
                  </>
                ) : null}
                {record.stand !== null ? ` · ${t("evidence.stand", { stand: record.stand })}` : ""}
              </p>
              <p>{t("evidence.crew", { crew: record.crew })}</p>
              <p className="muted">{t("evidence.gps", { lat: record.latitude.toFixed(6), lon: record.longitude.toFixed(6) })}</p>
              {record.notes ? <p>{record.notes}</p> : null}
              <PhotoThumbs photos={record.photos} />
              <p className="muted">{t("evidence.recordedBy", { name: record.recordedBy })}</p>
            </li>
          ))}
        </ul>
      )}

      <h2>{t("visits.title")}</h2>
      {visitClientId ? <VisitForm key={location.key} clientId={visitClientId} reply={reply} /> : null}
      {visits.length === 0 ? (
        <p className="notice">{t("visits.none")}</p>
      ) : (
        <ul className="visit-list">
          {visits.map((visit) => (
            <li key={visit.id} data-testid="visit">
              <p>
                <span className="badge">{t("visits.badge")}</span> {date(visit.on)}
                {visit.takenOn ? ` · ${t("visits.takenOn", { date: visit.takenOn })}` : ""}
              </p>
              <p className="muted">{t(visit.position === "PHOTO" ? "visits.fromPhoto" : "visits.fromDevice", { distance: visit.distanceM })}</p>
              {visit.note ? <p>{visit.note}</p> : null}
              <PhotoThumbs photos={visit.photos} />
              <p className="muted">{t("visits.by", { name: visit.by })}</p>
            </li>
          ))}
        </ul>
      )}

      <LandToTable products={products} fromPlot={holds ? plot.code : undefined} />
    </section>
  );
}
