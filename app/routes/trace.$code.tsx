import { type LoaderFunctionArgs, type MetaFunction, json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { traceView } from "~/commerce/trace.server";
import { PublicEvidenceList } from "~/components/certificate-record";
import { LiveMap, mapLinks } from "~/components/live-map";
import { OrderTrail } from "~/components/order-trail";
import { PhotoHashes } from "~/components/photo-hashes";
import { PhotoThumbs } from "~/components/photo-thumbs";

// A pack's trace code, for anyone who scans it: the product, the place and window it was
// harvested in, what was recorded on the ground there meanwhile, and what its sales brought to
// the households (counted, never named) through which payout batches.

export const handle = { i18n: ["trace", "certificate", "evidence", "map", "projectForm", "shop"] };

export const links = mapLinks;

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.trace.product.name.en ?? "Trace"} · ${data?.trace.code ?? ""} · Sapling` }];

export async function loader({ params }: LoaderFunctionArgs) {
  const code = params.code!.toUpperCase().slice(0, 20);
  const trace = await traceView(code);
  if (!trace) throw new Response("Not found", { status: 404 });
  return json({ trace });
}

export default function Trace() {
  const { t, i18n } = useTranslation();
  const { trace } = useLoaderData<typeof loader>();
  const named = (n: { zh: string; en: string }) => (i18n.language === "en" ? n.en : n.zh);
  const where = [named(trace.project.name), trace.stand ? t("trace.stand", { stand: trace.stand }) : trace.section ? t("trace.section", { section: trace.section }) : null].filter(Boolean).join(" · ");
  return (
    <section data-testid="trace">
      <p className="muted">
        {t("trace.code")} <code data-testid="trace-code">{trace.code}</code>
      </p>
      <h1>
        <Link to={`/shop/${trace.product.slug}`}>{named(trace.product.name)}</Link>
      </h1>
      <p data-testid="trace-place">
        {t("trace.from", { place: where })} · {named(trace.project.county)}
      </p>
      <p>{trace.harvestFrom === trace.harvestTo ? t("trace.harvestDay", { date: trace.harvestFrom }) : t("trace.harvest", { from: trace.harvestFrom, to: trace.harvestTo })}</p>
      {trace.cooperative ? <p>{t("trace.cooperative", { name: named(trace.cooperative) })}</p> : null}
      <p className="muted">{t("trace.quantity", { quantity: trace.quantity, shipped: trace.shipped })}</p>
      {trace.harvestedBy ? <p data-testid="trace-harvested-by">{t("trace.harvestedBy", { count: trace.harvestedBy })}</p> : null}
      {trace.photos.length ? (
        <section aria-labelledby="trace-photos-title" data-testid="trace-photos">
          <h2 id="trace-photos-title">{t("trace.photosTitle")}</h2>
          <PhotoThumbs photos={trace.photos} />
          <PhotoHashes photos={trace.photos} />
        </section>
      ) : null}
      <LiveMap
        label={t("map.label", { project: named(trace.project.name) })}
        land={`/projects/${trace.project.slug}/map.geojson`}
        fallback={
          <p>
            <Link to={`/projects/${trace.project.slug}`}>{named(trace.project.name)}</Link>
          </p>
        }
      />

      <h2>{t("trace.evidenceTitle")}</h2>
      {trace.evidence.length ? <PublicEvidenceList evidence={trace.evidence} /> : <p className="notice">{t("trace.noEvidence")}</p>}
      {trace.project.kind === "PROTECTED_AREA" ? (
        <>
          <h2>{t("trace.patrolsTitle")}</h2>
          {trace.patrols.length ? (
            <ul className="evidence-list">
              {trace.patrols.map((p) => (
                <li key={p.id} data-testid="trace-patrol">
                  <p>
                    <strong>{t("trace.patrol", { date: p.occurredOn })}</strong>
                  </p>
                  <PhotoThumbs photos={p.photos} />
                </li>
              ))}
            </ul>
          ) : (
            <p className="notice">{t("trace.noPatrols")}</p>
          )}
        </>
      ) : null}

      {trace.trail ? (
        <OrderTrail trail={trace.trail} />
      ) : (
        <>
          <h2>{t("trace.householdsTitle")}</h2>
          <p className="notice">{t("trace.noSales")}</p>
        </>
      )}
    </section>
  );
}
