import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireUser } from "~/auth/guards.server";
import { PlotShape, PlotWhere } from "~/components/plot-shape";
import { listPlotsHeld } from "~/projects/plots.server";

export const meta: MetaFunction = () => [{ title: "My plots · Sapling" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const plots = await listPlotsHeld(user.id);
  return json({
    plots: plots.map((plot) => ({
      code: plot.code,
      kind: plot.project.kind,
      projectSlug: plot.project.slug,
      projectName: { zh: plot.project.nameZh, en: plot.project.nameEn },
      unitCount: plot.unitCount,
      place: plot.place,
      status: plot.status,
      certificateNumber: plot.redemption.certificateNumber,
    })),
  });
}

export default function Plots() {
  const { t, i18n } = useTranslation();
  const { plots } = useLoaderData<typeof loader>();
  return (
    <section>
      <h1>{t("plots.title")}</h1>
      {plots.length === 0 ? (
        <p className="notice">
          {t("plots.empty")} <Link to="/projects">{t("plots.findOne")}</Link>
        </p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th>{t("plots.code")}</th>
                <th>{t("plots.project")}</th>
                <th>{t("plots.area")}</th>
                <th>{t("plots.where")}</th>
                <th>{t("plots.certificate")}</th>
              </tr>
            </thead>
            <tbody>
              {plots.map((plot) => (
                <tr key={plot.code} data-testid="plot-row">
                  <td>
                    <code>{plot.code}</code> <span className="badge">{t(`plots.status.${plot.status}`)}</span>
                  </td>
                  <td>
                    <Link to={`/projects/${plot.projectSlug}`}>{i18n.language === "en" ? plot.projectName.en : plot.projectName.zh}</Link>
                  </td>
                  <td>
                    {t(`plots.units.${plot.kind}`, { count: plot.unitCount })}
                    {plot.place && plot.kind === "PROTECTED_AREA" ? <PlotShape drawing={plot.place.drawing} label={t("plots.shape", { code: plot.code })} /> : null}
                  </td>
                  <td>{plot.place ? <PlotWhere place={plot.place} /> : null}</td>
                  <td>
                    {plot.certificateNumber ? (
                      <Link to={`/certificates/${plot.certificateNumber}`}>
                        <code>{plot.certificateNumber}</code>
                      </Link>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
