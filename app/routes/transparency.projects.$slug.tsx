import { type LoaderFunctionArgs, type MetaFunction, json } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { figuresView, MoneyFigures } from "~/components/money-figures";
import { transparency } from "~/payouts/transparency.server";
import { BudgetTable, ExpenseList, fundReportView, YearSelect } from "~/components/fund-report";
import { Pager } from "~/components/pager";
import { chinaYear } from "~/ecology/budget";
import { budgetYears, fundReport } from "~/ecology/fund.server";
import { formatFen } from "~/utils/formats";
import { pageParam } from "~/utils/input.server";
import { HouseholdsAtWork } from "~/components/at-work";
import { db } from "~/db/client.server";
import { householdsAtWork } from "~/payouts/household-work.server";

// The message sections this page shows (besides the shared ones); checked by tests/unit/message-sections.test.ts.
export const handle = { i18n: ["area", "evidence", "fund", "payouts", "transparency", "work"] };

export const meta: MetaFunction = () => [{ title: "Where the money goes · Sapling" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const project = (await transparency()).projects.find((p) => p.slug === params.slug);
  if (!project) throw new Response("No such project", { status: 404 });
  const years = await budgetYears(project.id);
  const year = years.find((y) => String(y) === new URL(request.url).searchParams.get("year")) ?? chinaYear(new Date());
  const page = pageParam(request);
  const [report, place] = await Promise.all([fundReport(project.id, year, { paidOnly: true, page }), db().project.findUniqueOrThrow({ where: { id: project.id }, select: { timeZone: true } })]);
  const atWork = await householdsAtWork(project.id, place.timeZone);
  return json({ slug: project.slug, name: project.name, county: project.county, figures: figuresView(project.figures), atWork, years, year, fund: fundReportView(report), page });
}

export default function ProjectTransparency() {
  const { t, i18n } = useTranslation();
  const { slug, name, county, figures, atWork, years, year, fund, page } = useLoaderData<typeof loader>();
  const en = i18n.language === "en";
  return (
    <section>
      <p className="muted">
        <Link to="/transparency">← {t("transparency.title")}</Link> · <Link to={`/transparency/counties/${county.slug}`}>{en ? county.en : county.zh}</Link>
      </p>
      <h1>{en ? name.en : name.zh}</h1>
      <p className="muted">{t("transparency.projectIntro")}</p>
      <MoneyFigures figures={figures} />
      <HouseholdsAtWork {...atWork} />
      <h2 id="fund">{t("fund.publicTitle", { year })}</h2>
      <p className="muted">{t("fund.publicIntro")}</p>
      {years.length > 1 ? (
        <Form method="get" className="row">
          <YearSelect years={years} year={year} />
          <button type="submit" className="secondary">
            {t("fund.show")}
          </button>
        </Form>
      ) : null}
      <p data-testid="fund-balance">
        {t("fund.balance")} <strong>{formatFen(fund.balanceFen, i18n.language)}</strong>
      </p>
      <BudgetTable report={fund} />
      <ExpenseList report={fund} />
      <Pager page={page} pages={fund.pages} />
      <p>
        <Link to={`/projects/${slug}`}>{t("transparency.projectPage")}</Link>
      </p>
    </section>
  );
}
