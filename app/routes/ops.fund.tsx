import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { requireOperator } from "~/auth/guards.server";
import { BudgetTable, ExpenseList, fundReportView, YearSelect } from "~/components/fund-report";
import { IntentReply } from "~/components/intent-reply";
import { Pager } from "~/components/pager";
import { ProjectSelect } from "~/components/period-fields";
import { db } from "~/db/client.server";
import { BUDGET_CATEGORIES, chinaYear, EXPENSE_DESCRIPTION_MAX, PAYEE_NAME_MAX } from "~/ecology/budget";
import { budgetYears, fundReport, recentRecords } from "~/ecology/fund.server";
import { buildFundExpense, setBudget } from "~/ecology/operations.server";
import { formatFen } from "~/utils/formats";
import { pageParam } from "~/utils/input.server";
import { intent, pageAction } from "~/utils/operation.server";
import { fieldProblems } from "~/utils/page-reply";

// The ecology fund of a project: its balance, this year's budget by line against what was spent,
// the expenses, and the form that builds one (a draft another operator approves on its batch page).

export const handle = { i18n: ["evidence", "fund", "households", "payouts"] };

export const meta: MetaFunction = () => [{ title: "Ecology fund · Operations · Sapling" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireOperator(request);
  const params = new URL(request.url).searchParams;
  const projects = await db().project.findMany({ orderBy: { createdAt: "asc" }, select: { id: true, nameZh: true, nameEn: true } });
  const project = projects.find((p) => p.id === params.get("project")) ?? projects[0];
  if (!project) return json({ projects, project: null, years: [], year: chinaYear(new Date()), thisYear: chinaYear(new Date()), report: null, cooperatives: [], records: null, page: 1 });
  const years = await budgetYears(project.id);
  const year = years.find((y) => String(y) === params.get("year")) ?? chinaYear(new Date());
  const page = pageParam(request);
  const [report, cooperatives, records] = await Promise.all([
    fundReport(project.id, year, { paidOnly: false, page }),
    db().cooperative.findMany({ where: { projectId: project.id }, orderBy: { nameZh: "asc" }, select: { id: true, nameZh: true, nameEn: true, stripeAccountId: true } }),
    recentRecords(project.id),
  ]);
  return json({
    projects,
    project,
    years,
    year,
    thisYear: chinaYear(new Date()),
    report: fundReportView(report),
    cooperatives: cooperatives.map((c) => ({ id: c.id, zh: c.nameZh, en: c.nameEn, connect: Boolean(c.stripeAccountId) })),
    records,
    page,
  });
}

export const action = (args: ActionFunctionArgs) =>
  pageAction(args, {
    budget: intent(setBudget, { done: () => ({ message: "fund.budgetSaved" }) }),
    expense: intent(buildFundExpense, { done: (built) => redirect(`/ops/payouts/${built.batchId}`) }),
  });

export default function OpsFund() {
  const { t, i18n } = useTranslation();
  const { projects, project, years, year, thisYear, report, cooperatives, records, page } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const navigation = useNavigation();
  const busy = navigation.state === "submitting";
  const [payee, setPayee] = useState("");
  const en = i18n.language === "en";
  const problems = reply?.intent === "expense" ? fieldProblems(reply) : {};
  const problem = (field: string) => (problems[field] ? <span className="field-error">{t(problems[field])}</span> : null);
  if (!project || !report || !records) {
    return (
      <section>
        <h1>{t("fund.title")}</h1>
        <p className="notice">{t("fund.noProjects")}</p>
      </section>
    );
  }
  const noRecords = records.patrols.length === 0 && records.evidence.length === 0;
  return (
    <section>
      <h1>{t("fund.title")}</h1>
      <p className="muted">{t("fund.intro")}</p>
      <Form method="get" className="row" data-testid="fund-choice">
        <ProjectSelect projects={projects} defaultValue={project.id} />
        <YearSelect years={years} year={year} />
        <button type="submit" className="secondary">
          {t("fund.show")}
        </button>
      </Form>

      <p data-testid="fund-balance">
        {t("fund.balance")} <strong>{formatFen(report.balanceFen, i18n.language)}</strong>
      </p>

      <h2>{t("fund.budgetTitle", { year })}</h2>
      <BudgetTable report={report} />
      <details>
        <summary>{t("fund.setBudget")}</summary>
        <Form method="post" className="row" data-testid="budget-form">
          <input type="hidden" name="intent" value="budget" />
          <input type="hidden" name="projectId" value={project.id} />
          <label>
            {t("fund.year")}
            <input name="year" inputMode="numeric" defaultValue={year} required />
          </label>
          <label>
            {t("fund.line")}
            <select name="category">
              {BUDGET_CATEGORIES.map((c) => (
                <option key={c} value={c}>
                  {t(`fund.category.${c}`)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t("fund.budgetYuan")}
            <input name="amount" inputMode="decimal" required />
          </label>
          <button type="submit" disabled={busy}>
            {t("fund.saveBudget")}
          </button>
        </Form>
      </details>
      <IntentReply reply={reply} about="budget" />

      <h2>{t("fund.newExpense")}</h2>
      {year !== thisYear ? (
        <p className="notice">{t("fund.onlyThisYear", { year: thisYear })}</p>
      ) : noRecords ? (
        <p className="notice" data-testid="no-records">
          {t("fund.noRecords")}
        </p>
      ) : (
        <Form method="post" className="stack" data-testid="expense-form">
          <input type="hidden" name="intent" value="expense" />
          <input type="hidden" name="projectId" value={project.id} />
          <label>
            {t("fund.line")}
            <select name="category">
              {report.lines.map((l) => (
                <option key={l.category} value={l.category} disabled={l.budgetFen === null}>
                  {t(`fund.category.${l.category}`)}
                  {l.budgetFen === null ? ` (${t("fund.noBudget")})` : ""}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t("fund.description")}
            <input name="description" maxLength={EXPENSE_DESCRIPTION_MAX} required aria-invalid={Boolean(problems.description)} />
            {problem("description")}
          </label>
          <label>
            {t("fund.amountYuan")}
            <input name="amount" inputMode="decimal" required aria-invalid={Boolean(problems.amount)} />
            {problem("amount")}
          </label>
          <label>
            {t("fund.payee")}
            <select name="payee" value={payee} onChange={(event) => setPayee(event.target.value)} required aria-invalid={Boolean(problems.payee)}>
              <option value="" disabled>
                {t("fund.choosePayee")}
              </option>
              {cooperatives.map((c) => (
                <option key={c.id} value={`cooperative:${c.id}`}>
                  {en ? c.en : c.zh} · {c.connect ? t("households.method.STRIPE_CONNECT") : t("households.method.DISBURSEMENT_LIST")}
                </option>
              ))}
              <option value="other">{t("fund.otherPayee")}</option>
            </select>
            {problem("payee")}
          </label>
          {payee === "other" ? (
            <label>
              {t("fund.payeeName")}
              <input name="payeeName" maxLength={PAYEE_NAME_MAX} required aria-invalid={Boolean(problems.payeeName)} />
              <span className="muted">{t("fund.payeeNameHint")}</span>
              {problem("payeeName")}
            </label>
          ) : null}
          <label>
            {t("fund.record")}
            <select name="record" defaultValue="" required aria-invalid={Boolean(problems.record)}>
              <option value="" disabled>
                {t("fund.chooseRecord")}
              </option>
              {records.patrols.length ? (
                <optgroup label={t("fund.patrols")}>
                  {records.patrols.map((r) => (
                    <option key={r.id} value={`patrol:${r.id}`}>
                      {t("fund.patrolRecord", { on: r.on, route: r.route })}
                    </option>
                  ))}
                </optgroup>
              ) : null}
              {records.evidence.length ? (
                <optgroup label={t("fund.evidence")}>
                  {records.evidence.map((r) => (
                    <option key={r.id} value={`evidence:${r.id}`}>
                      {t("fund.evidenceRecord", { on: r.on, kind: t(`evidence.kind.${r.kind}`) })} {r.where}
                    </option>
                  ))}
                </optgroup>
              ) : null}
            </select>
            {problem("record")}
          </label>
          <p className="muted">{t("fund.buildExplained", { balance: formatFen(report.balanceFen, i18n.language) })}</p>
          <button type="submit" disabled={busy} aria-busy={busy}>
            {busy ? t("payouts.building") : t("fund.build")}
          </button>
        </Form>
      )}
      {/* A problem with a field is said under it; a refusal (above the fund) here. */}
      <IntentReply reply={Object.keys(problems).length ? undefined : reply} about="expense" />

      <h2>{t("fund.expensesTitle", { year, count: report.total })}</h2>
      <ExpenseList report={report} operators />
      <Pager page={page} pages={report.pages} />
    </section>
  );
}
