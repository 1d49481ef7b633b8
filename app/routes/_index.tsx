import { numberFormat, formatFen } from "~/utils/formats";
import { type LoaderFunctionArgs, type MetaFunction, json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { getUser } from "~/auth/session.server";
import { ProjectCard } from "~/components/project-card";
import { TreeArt } from "~/components/tree-art";
import { i18nServer } from "~/i18n/i18next.server";
import { transparency } from "~/payouts/transparency.server";
import { countersByProject } from "~/projects/area.server";
import { listCatalogue } from "~/projects/catalogue.server";

// The message sections this page shows (besides the shared ones); checked by tests/unit/message-sections.test.ts.
export const handle = { i18n: ["area", "evidence", "home", "projects"] };

export const meta: MetaFunction = () => [
  { title: "Sapling · 树苗" },
  { name: "description", content: "Everyday low-carbon actions grow green energy; Sapling turns it into real trees and protected land, and shares what its shop sells with the villages." },
];

// Public: what Sapling is, in live numbers and pictures.
export async function loader({ request }: LoaderFunctionArgs) {
  const [user, locale] = await Promise.all([getUser(request), i18nServer.getLocale(request)]);
  const [catalogue, counters, money] = await Promise.all([listCatalogue(locale, null), countersByProject(), transparency()]);
  const units = { trees: 0, squareMetres: 0, planted: 0, verified: 0, energy: 0 };
  for (const project of catalogue) {
    const c = counters.get(project.id);
    if (!c) continue;
    if (project.kind === "FOREST") units.trees += c.unitsRedeemed;
    else units.squareMetres += c.unitsRedeemed;
    units.planted += c.plotsPlanted;
    units.verified += c.plotsVerified;
    units.energy += c.energyRedeemedGrams;
  }
  return json({
    signedIn: user !== null,
    counters: { ...units, paidFen: money.total.paidOutFen.toString() },
    projects: catalogue.filter((p) => p.state !== "SOLD_OUT"),
  });
}

export default function Home() {
  const { t, i18n } = useTranslation();
  const { signedIn, counters, projects } = useLoaderData<typeof loader>();
  const number = numberFormat(i18n.language);
  const figures = [
    ["energy", t("home.counters.energy", { grams: number.format(counters.energy) })],
    ["trees", t("home.counters.trees", { count: counters.trees, value: number.format(counters.trees) })],
    ["land", t("home.counters.land", { value: number.format(counters.squareMetres) })],
    ["planted", t("home.counters.planted", { count: counters.planted, value: number.format(counters.planted) })],
    ["verified", t("home.counters.verified", { count: counters.verified, value: number.format(counters.verified) })],
    ["paid", t("home.counters.paid", { amount: formatFen(counters.paidFen, i18n.language) })],
  ] as const;
  return (
    <div className="home">
      <section className="hero">
        <svg className="hero-art" viewBox="0 0 400 160" aria-hidden="true" focusable="false">
          <rect width="400" height="160" fill="#eaf6f0" />
          <path d="M0 118 C 80 96, 150 110, 220 112 C 290 114, 340 96, 400 104 L 400 160 L 0 160 Z" fill="#e8cc95" />
          <TreeArt art="saxaul" stage="young" x={70} y={134} size={0.6} />
          <TreeArt art="sea-buckthorn" stage="ready" x={190} y={140} size={0.72} />
          <TreeArt art="mongolian-pine" stage="ready" x={300} y={136} size={0.6} />
          <TreeArt art="tamarisk" stage="young" x={360} y={140} size={0.5} />
        </svg>
        <h1>{t("home.title")}</h1>
        <p>{t("home.body")}</p>
        <p className="row">
          <Link className="button" to={signedIn ? "/forest" : "/signup"}>
            {t(signedIn ? "home.toForest" : "home.start")}
          </Link>
          <Link className="button secondary" to="/projects">
            {t("home.browse")}
          </Link>
        </p>
      </section>

      <section aria-labelledby="counters-title">
        <h2 id="counters-title">{t("home.countersTitle")}</h2>
        <ul className="figures" data-testid="home-counters">
          {figures.map(([key, text]) => (
            <li key={key} data-figure={key}>
              {text}
            </li>
          ))}
        </ul>
        <p className="muted">
          <Link to="/impact">{t("nav.impact")}</Link> · <Link to="/transparency">{t("nav.transparency")}</Link>
        </p>
      </section>

      <section aria-labelledby="how-title">
        <h2 id="how-title">{t("home.howTitle")}</h2>
        <ol className="how">
          <li>
            <strong>{t("home.how.earnTitle")}</strong> {t("home.how.earn")}
          </li>
          <li>
            <strong>{t("home.how.growTitle")}</strong> {t("home.how.grow")}
          </li>
          <li>
            <strong>{t("home.how.plantTitle")}</strong> {t("home.how.plant")}
          </li>
        </ol>
      </section>

      <section aria-labelledby="open-title">
        <h2 id="open-title">{t("home.openTitle")}</h2>
        {projects.length === 0 ? (
          <p className="notice">{t("projects.empty")}</p>
        ) : (
          <ul className="cards">
            {projects.map((project) => (
              <ProjectCard key={project.id} project={project} />
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
