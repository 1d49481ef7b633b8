import { type LoaderFunctionArgs, type MetaFunction, json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { figuresView, MoneyFigures } from "~/components/money-figures";
import { transparency } from "~/payouts/transparency.server";

// The message sections this page shows (besides the shared ones); checked by tests/unit/message-sections.test.ts.
export const handle = { i18n: ["area", "evidence", "transparency"] };

export const meta: MetaFunction = () => [{ title: "Where the money goes · Sapling" }];

export async function loader({ params }: LoaderFunctionArgs) {
  const county = (await transparency()).counties.find((c) => c.slug === params.county);
  if (!county) throw new Response("No such county", { status: 404 });
  return json({ name: county.name, figures: figuresView(county.figures), projects: county.projects.map((p) => ({ slug: p.slug, name: p.name, figures: figuresView(p.figures) })) });
}

export default function CountyTransparency() {
  const { t, i18n } = useTranslation();
  const { name, figures, projects } = useLoaderData<typeof loader>();
  const en = i18n.language === "en";
  return (
    <section>
      <p className="muted">
        <Link to="/transparency">← {t("transparency.title")}</Link>
      </p>
      <h1>{en ? name.en : name.zh}</h1>
      <MoneyFigures figures={figures} />
      {projects.map((p) => (
        <article key={p.slug}>
          <h2>
            <Link to={`/transparency/projects/${p.slug}`}>{en ? p.name.en : p.name.zh}</Link>
          </h2>
          <MoneyFigures figures={p.figures} />
        </article>
      ))}
    </section>
  );
}
