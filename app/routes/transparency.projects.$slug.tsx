import { type LoaderFunctionArgs, type MetaFunction, json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { figuresView, MoneyFigures } from "~/components/money-figures";
import { transparency } from "~/payouts/transparency.server";

// The message sections this page shows (besides the shared ones); checked by tests/unit/message-sections.test.ts.
export const handle = { i18n: ["area", "evidence", "transparency"] };

export const meta: MetaFunction = () => [{ title: "Where the money goes · Sapling" }];

export async function loader({ params }: LoaderFunctionArgs) {
  const project = (await transparency()).projects.find((p) => p.slug === params.slug);
  if (!project) throw new Response("No such project", { status: 404 });
  return json({ slug: project.slug, name: project.name, county: project.county, figures: figuresView(project.figures) });
}

export default function ProjectTransparency() {
  const { t, i18n } = useTranslation();
  const { slug, name, county, figures } = useLoaderData<typeof loader>();
  const en = i18n.language === "en";
  return (
    <section>
      <p className="muted">
        <Link to="/transparency">← {t("transparency.title")}</Link> · <Link to={`/transparency/counties/${county.slug}`}>{en ? county.en : county.zh}</Link>
      </p>
      <h1>{en ? name.en : name.zh}</h1>
      <p className="muted">{t("transparency.projectIntro")}</p>
      <MoneyFigures figures={figures} />
      <p>
        <Link to={`/projects/${slug}`}>{t("transparency.projectPage")}</Link>
      </p>
    </section>
  );
}
