import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { figuresView, MoneyFigures } from "~/components/money-figures";
import { transparency } from "~/payouts/transparency.server";

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
  return (
    <section>
      <h1>{t("transparency.title")}</h1>
      <p className="muted">{t("transparency.intro")}</p>
      <MoneyFigures figures={total} />
      {counties.map((county) => (
        <article key={county.slug} data-testid="county">
          <h2>
            <Link to={`/transparency/counties/${county.slug}`}>{en ? county.name.en : county.name.zh}</Link>
          </h2>
          <ul>
            {county.projects.map((p) => (
              <li key={p.slug}>
                <Link to={`/transparency/projects/${p.slug}`}>{en ? p.name.en : p.name.zh}</Link>
              </li>
            ))}
          </ul>
        </article>
      ))}
    </section>
  );
}
