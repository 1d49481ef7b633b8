import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { FundReport as Report } from "~/ecology/fund.server";
import { dayText } from "~/payouts/china-days";
import { formatFen } from "~/utils/formats";

// The ecology fund's year, as operators (with expenses under way and their batches) and the public
// (paid expenses only) see it: budget against actual, line by line, and each expense with the
// record of the work it paid for.

export type FundReportView = ReturnType<typeof fundReportView>;

export const fundReportView = (report: Report) => ({
  balanceFen: String(report.balanceFen),
  lines: report.lines.map((l) => ({ ...l, budgetFen: l.budgetFen === null ? null : String(l.budgetFen), paidFen: String(l.paidFen), underwayFen: String(l.underwayFen) })),
  total: report.total,
  pages: report.pages,
  expenses: report.expenses.map(({ paidAt, ...e }) => ({ ...e, amountFen: String(e.amountFen), paidOn: paidAt ? dayText(paidAt) : null })),
});

/** Budget against actual for each line of the year; what is being paid counts as spent. */
export function BudgetTable({ report }: { report: FundReportView }) {
  const { t, i18n } = useTranslation();
  const money = (fen: string) => formatFen(fen, i18n.language);
  return (
    // Scrolls sideways on a phone: a keyboard can scroll it too.
    <div className="table-wrap" role="region" aria-label={t("fund.line")} tabIndex={0}>
      <table className="fund-table" data-testid="budget-table">
        <thead>
          <tr>
            <th>{t("fund.line")}</th>
            <th>{t("fund.budget")}</th>
            <th>{t("fund.paid")}</th>
            <th>{t("fund.underway")}</th>
            <th>{t("fund.left")}</th>
          </tr>
        </thead>
        <tbody>
          {report.lines.map((line) => {
            const left = line.budgetFen === null ? null : BigInt(line.budgetFen) - BigInt(line.paidFen) - BigInt(line.underwayFen);
            return (
              <tr key={line.category} data-testid="budget-row" data-category={line.category}>
                <td>{t(`fund.category.${line.category}`)}</td>
                <td>{line.budgetFen === null ? <span className="muted">{t("fund.noBudget")}</span> : money(line.budgetFen)}</td>
                <td>{money(line.paidFen)}</td>
                <td>{money(line.underwayFen)}</td>
                <td className={left !== null && left < 0n ? "field-error" : undefined}>{left === null ? "–" : left < 0n ? t("fund.over", { amount: money(String(-left)) }) : money(String(left))}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/** What the work record an expense paid for says: a patrol's day and route, or a planting or audit. */
function RecordText({ record }: { record: FundReportView["expenses"][number]["record"] }) {
  const { t } = useTranslation();
  if (record.kind === "patrol") return <>{t("fund.patrolRecord", { on: record.on, route: record.what })}</>;
  const what = t("fund.evidenceRecord", { on: record.on, kind: t(`evidence.kind.${record.what}`) });
  if (!record.where) return <>{what}</>;
  // A forest stand is a number; a plot has its code.
  return <>{`${what} · ${/^\d+$/.test(record.where) ? t("evidence.stand", { stand: record.where }) : record.where}`}</>;
}

/** The year's expenses, newest first. */
export function ExpenseList({ report, operators = false }: { report: FundReportView; operators?: boolean }) {
  const { t, i18n } = useTranslation();
  const en = i18n.language === "en";
  const money = (fen: string) => formatFen(fen, i18n.language);
  if (report.expenses.length === 0) {
    return (
      <p className="notice" data-testid="no-expenses">
        {operators ? t("fund.noExpenses") : t("fund.noPaidExpenses")}
      </p>
    );
  }
  return (
    <div className="table-wrap" role="region" aria-label={t("fund.expenses")} tabIndex={0}>
      <table className="fund-table" data-testid="expense-list">
        <thead>
          <tr>
            <th>{operators ? t("fund.status") : t("fund.paidOn")}</th>
            <th>{t("fund.line")}</th>
            <th>{t("fund.description")}</th>
            <th>{t("fund.payee")}</th>
            <th>{t("fund.amount")}</th>
            <th>{t("fund.record")}</th>
          </tr>
        </thead>
        <tbody>
          {report.expenses.map((e) => (
            <tr key={e.id} data-testid="expense-row" data-status={e.status}>
              <td>
                {operators && e.batchId ? <Link to={`/ops/payouts/${e.batchId}`}>{t(`payouts.payoutStatus.${e.status}`)}</Link> : e.paidOn}
              </td>
              <td>{t(`fund.category.${e.category}`)}</td>
              <td className="wrap">{e.description}</td>
              <td>{e.payee ? (en ? e.payee.en : e.payee.zh) : <span className="muted">{t("fund.personPaid")}</span>}</td>
              <td>{money(e.amountFen)}</td>
              <td className="wrap">
                <RecordText record={e.record} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The year a fund page shows, among those with a budget (the current one always). */
export function YearSelect({ years, year }: { years: number[]; year: number }) {
  const { t } = useTranslation();
  return (
    <label>
      {t("fund.year")}
      <select name="year" defaultValue={year}>
        {years.map((y) => (
          <option key={y} value={y}>
            {y}
          </option>
        ))}
      </select>
    </label>
  );
}
