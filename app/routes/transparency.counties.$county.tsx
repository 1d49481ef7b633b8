import { type LoaderFunctionArgs, type MetaFunction, json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Counters } from "~/components/area";
import { figuresView, MoneyFigures } from "~/components/money-figures";
import { Pager } from "~/components/pager";
import { movementsPage } from "~/ledger/movements.server";
import { countersByProject, emptyCounters, totalCounters } from "~/projects/area.server";
import { transparency } from "~/payouts/transparency.server";
import { formatFen } from "~/utils/formats";
import { pageParam } from "~/utils/input.server";

// The message sections this page shows (besides the shared ones); checked by tests/unit/message-sections.test.ts.
export const handle = { i18n: ["area", "evidence", "transparency"] };

export const meta: MetaFunction = () => [{ title: "Where the money goes · Sapling" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const county = (await transparency()).counties.find((c) => c.slug === params.county);
  if (!county) throw new Response("No such county", { status: 404 });
  const page = pageParam(request);
  const [counters, movements] = await Promise.all([countersByProject(), movementsPage(county.projects.map((p) => p.id), page)]);
  const projects = county.projects.map((p) => ({ slug: p.slug, kind: p.kind, name: p.name, figures: figuresView(p.figures), counters: counters.get(p.id) ?? emptyCounters() }));
  return json({
    slug: county.slug,
    name: county.name,
    figures: figuresView(county.figures),
    counters: totalCounters(projects.map((p) => p.counters)),
    // Square metres add up only when every project of the county is land.
    kind: projects.every((p) => p.kind === "PROTECTED_AREA") ? ("PROTECTED_AREA" as const) : null,
    projects,
    movements: { rows: movements.rows.map((m) => ({ ...m, credits: String(m.credits), debits: String(m.debits) })), pages: movements.pages, page },
  });
}

export default function CountyTransparency() {
  const { t, i18n } = useTranslation();
  const { slug, name, figures, counters, kind, projects, movements } = useLoaderData<typeof loader>();
  const en = i18n.language === "en";
  const money = (fen: string) => (fen === "0" ? "–" : formatFen(fen, i18n.language));
  return (
    <section>
      <p className="muted">
        <Link to="/transparency">← {t("transparency.title")}</Link>
      </p>
      <h1>{en ? name.en : name.zh}</h1>
      <MoneyFigures figures={figures} />
      <h2>{t("area.impact")}</h2>
      <Counters counters={counters} kind={kind} />
      {projects.map((p) => (
        <article key={p.slug} data-testid="county-project">
          <h2>
            <Link to={`/transparency/projects/${p.slug}`}>{en ? p.name.en : p.name.zh}</Link>
          </h2>
          {/* A county of one project: its figures are the county's, above. */}
          {projects.length > 1 ? (
            <>
              <MoneyFigures figures={p.figures} />
              <Counters counters={p.counters} kind={p.kind} />
            </>
          ) : null}
        </article>
      ))}

      <h2 id="movements">{t("transparency.movementsTitle")}</h2>
      <p className="muted">{t("transparency.movementsIntro")}</p>
      <p>
        <a href={`/transparency/counties/${slug}/movements.csv`} download data-testid="movements-csv">
          {t("transparency.movementsCsv")}
        </a>
      </p>
      {movements.rows.length === 0 ? (
        <p className="notice">{t("transparency.noMovements")}</p>
      ) : (
        <div className="table-wrap">
          <table data-testid="movements">
            <thead>
              <tr>
                <th>{t("transparency.movementDay")}</th>
                <th>{t("transparency.accountKind")}</th>
                <th>{t("transparency.credits")}</th>
                <th>{t("transparency.debits")}</th>
                <th>{t("transparency.transactions")}</th>
              </tr>
            </thead>
            <tbody>
              {movements.rows.map((m) => (
                <tr key={`${m.day}-${m.kind}`} data-testid="movement">
                  <td>{m.day}</td>
                  <td>{t(`transparency.kinds.${m.kind}`)}</td>
                  <td>{money(m.credits)}</td>
                  <td>{money(m.debits)}</td>
                  <td>{m.transactions}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager page={movements.page} pages={movements.pages} />
    </section>
  );
}
