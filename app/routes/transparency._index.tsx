import { type LoaderFunctionArgs, type MetaFunction, json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { formatFen } from "~/utils/formats";
import { figuresView, MoneyFigures } from "~/components/money-figures";
import { transparency } from "~/payouts/transparency.server";

// The message sections this page shows (besides the shared ones); checked by tests/unit/message-sections.test.ts.
export const handle = { i18n: ["area", "evidence", "transparency"] };

export const meta: MetaFunction = () => [{ title: "Where the money goes · Sapling" }];

export async function loader(_: LoaderFunctionArgs) {
  const { counties, total } = await transparency();
  return json({
    total: figuresView(total),
    counties: counties.map((c) => ({ slug: c.slug, name: c.name, figures: figuresView(c.figures), projects: c.projects.map((p) => ({ slug: p.slug, name: p.name, figures: figuresView(p.figures) })) })),
  });
}

export default function Transparency() {
  const { t, i18n } = useTranslation();
  const { total, counties } = useLoaderData<typeof loader>();
  const en = i18n.language === "en";
  const money = (fen: string) => formatFen(fen, i18n.language);
  return (
    <section>
      <h1>{t("transparency.title")}</h1>
      <p className="muted">{t("transparency.intro")}</p>
      <p>
        <Link to="/transparency/log" data-testid="public-log-link">{t("transparency.publicLog")}</Link>
      </p>
      <MoneyFigures figures={total} />
      <div className="table-wrap">
        <table data-testid="county-table">
          <thead>
            <tr>
              <th>{t("transparency.where")}</th>
              <th>{t("transparency.revenue")}</th>
              <th>{t("transparency.allocated")}</th>
              <th>{t("transparency.paidOut")}</th>
              <th>{t("transparency.households")}</th>
            </tr>
          </thead>
          {counties.map((county) => (
            <tbody key={county.slug} data-testid="county">
              {[{ ...county, href: `/transparency/counties/${county.slug}`, strong: true }, ...county.projects.map((p) => ({ ...p, href: `/transparency/projects/${p.slug}`, strong: false }))].map((row) => (
                <tr key={row.href} className={row.strong ? "total" : undefined}>
                  <td>
                    <Link to={row.href}>{en ? row.name.en : row.name.zh}</Link>
                  </td>
                  <td>{money(row.figures.revenueFen)}</td>
                  <td>{money(row.figures.householdsAllocatedFen)}</td>
                  <td>{money(row.figures.paidOutFen)}</td>
                  <td>{row.figures.households}</td>
                </tr>
              ))}
            </tbody>
          ))}
        </table>
      </div>
    </section>
  );
}
