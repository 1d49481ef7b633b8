import { type LoaderFunctionArgs, type MetaFunction, json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { PlotShape, PlotWhere } from "~/components/plot-shape";
import { getUser } from "~/auth/session.server";
import { db } from "~/db/client.server";
import { issueDate } from "~/redemption/issue-date";
import { dayText } from "~/payouts/china-days";
import { findCertificate } from "~/redemption/certificates.server";
import { certificateRecord } from "~/redemption/certificate-record.server";
import { CertificateRecord } from "~/components/certificate-record";
import { LandToTable } from "~/components/area";
import { productsOfProject } from "~/projects/land-to-table.server";

// The message sections this page shows (besides the shared ones); checked by tests/unit/message-sections.test.ts.
export const handle = { i18n: ["area", "certificate", "evidence", "plots", "projectForm"] };

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.certificate.number ?? ""} · Sapling` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const [certificate, viewer] = await Promise.all([findCertificate(params.number!), getUser(request)]);
  if (!certificate) throw new Response("Not found", { status: 404 });
  // Its holder may follow it to the plot's evidence (photos and records are theirs to see).
  const holds = viewer ? (await db().plot.count({ where: { holderId: viewer.id, code: { in: certificate.plots.map((p) => p.code) } } })) > 0 : false;
  const [record, products] = await Promise.all([certificateRecord(certificate.projectId, dayText(new Date(certificate.issuedAt)), certificate.plots), productsOfProject(certificate.projectId)]);
  // The holder of a one-plot certificate buys from it as from the plot's page (the order records the plot).
  return json({ certificate, holds, record, products, fromPlot: holds && certificate.plots.length === 1 ? certificate.plots[0]!.code : null });
}

export default function CertificatePage() {
  const { t, i18n } = useTranslation();
  const { certificate, holds, record, products, fromPlot } = useLoaderData<typeof loader>();
  const english = i18n.language === "en";
  return (
    <section className="certificate" data-testid="certificate">
      <p className="muted">{t("certificate.verified")}</p>
      <h1>{t("certificate.title")}</h1>
      <p>
        {t("certificate.number")}: <code data-testid="certificate-number">{certificate.number}</code>
      </p>
      <p data-testid="certificate-holder">
        {t(`certificate.held.${certificate.project.kind}`, {
          holder: certificate.holder,
          count: certificate.units,
          project: english ? certificate.project.name.en : certificate.project.name.zh,
        })}
      </p>
      {certificate.giftFrom ? <p>{t("certificate.giftFrom", { name: certificate.giftFrom })}</p> : null}
      {certificate.team ? (
        <p data-testid="certificate-team">{t("certificate.team", { name: certificate.team.name, members: certificate.team.members.join(", ") })}</p>
      ) : null}
      <p className="muted">{english ? certificate.project.county.en : certificate.project.county.zh}</p>
      <p>{t("certificate.plots")}:</p>
      <ul className="certificate-plots">
        {certificate.plots.map((plot) => (
          <li key={plot.code} data-testid="certificate-plot">
            <code>{plot.code}</code> {plot.place ? <PlotWhere place={plot.place} /> : null}
            {plot.place && certificate.project.kind === "PROTECTED_AREA" ? <PlotShape drawing={plot.place.drawing} label={t("plots.shape", { code: plot.code })} /> : null}
          </li>
        ))}
      </ul>
      <p className="muted" data-testid="certificate-issued">
        {t("certificate.issued", { date: issueDate(certificate.issuedAt, certificate.project.timeZone, english ? "en" : "zh") })}
      </p>
      <CertificateRecord record={record} />
      <LandToTable products={products} fromPlot={fromPlot ?? undefined} />
      <p className="row">
        <a className="button" href={`/certificates/${certificate.number}/image.png`} download data-testid="certificate-download">
          {t("certificate.download")}
        </a>
        <a className="button secondary" href={`/certificates/${certificate.number}/poster.png`} download data-testid="certificate-poster">
          {t("certificate.poster")}
        </a>
      </p>
      <ul className="place-list">
        {holds ? (
          <li>
            <Link to={certificate.plots.length === 1 ? `/plots/${certificate.plots[0]!.code}` : "/plots"} data-testid="certificate-evidence">
              {t("certificate.evidence")}
            </Link>
          </li>
        ) : null}
        <li>
          <Link to={`/shop?project=${certificate.project.slug}`} data-testid="certificate-products">
            {t("certificate.products", { place: english ? certificate.project.county.en : certificate.project.county.zh })}
          </Link>
        </li>
        <li>
          <Link to={`/projects/${certificate.project.slug}`}>{t("certificate.project")}</Link>
        </li>
      </ul>
    </section>
  );
}
