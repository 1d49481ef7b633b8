import { type LoaderFunctionArgs, type MetaFunction, json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { PlotShape, PlotWhere } from "~/components/plot-shape";
import { useDateTime } from "~/components/time";
import { findCertificate } from "~/redemption/certificates.server";

// The message sections this page shows (besides the shared ones); checked by tests/unit/message-sections.test.ts.
export const handle = { i18n: ["certificate", "plots", "projectForm"] };

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.certificate.number ?? ""} · Sapling` }];

export async function loader({ params }: LoaderFunctionArgs) {
  const certificate = await findCertificate(params.number!);
  if (!certificate) throw new Response("Not found", { status: 404 });
  return json({ certificate });
}

export default function CertificatePage() {
  const { t, i18n } = useTranslation();
  const { certificate } = useLoaderData<typeof loader>();
  const formatTime = useDateTime("Asia/Shanghai");
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
      <p className="muted">{t("certificate.issued", { time: formatTime(certificate.issuedAt) })}</p>
      <p className="row">
        <a className="button" href={`/certificates/${certificate.number}/image.png`} download data-testid="certificate-download">
          {t("certificate.download")}
        </a>
        <Link to={`/projects/${certificate.project.slug}`}>{t("certificate.project")}</Link>
      </p>
    </section>
  );
}
