import { type LoaderFunctionArgs, type MetaFunction, json } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireOperator } from "~/auth/guards.server";
import { formatFen } from "~/utils/formats";
import { useAutoRefresh } from "~/components/auto-refresh";
import { runReport } from "~/ledger/reconciliation.server";
import { dayText, lastDayText } from "~/payouts/china-days";

// The message sections this page shows (besides the shared ones); checked by tests/unit/message-sections.test.ts.
export const handle = { i18n: ["area", "evidence", "payouts", "reconciliation", "redemption", "shop"] };

export const meta: MetaFunction = () => [{ title: "Reconciliation report · Operations · Sapling" }];

const STATUSES = ["AMOUNT_MISMATCH", "MISSING_AT_STRIPE", "MISSING_IN_LEDGER", "MATCHED"] as const;

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireOperator(request);
  const run = await runReport(params.id!);
  if (!run) throw new Response("No such run", { status: 404 });
  const fen = (value: bigint | null) => (value === null ? null : String(value));
  return json({
    run: {
      id: run.id,
      from: dayText(run.periodStart),
      to: lastDayText(run.periodEnd),
      project: run.project ? { zh: run.project.nameZh, en: run.project.nameEn } : null,
      status: run.status,
      error: run.error,
      matched: run.matched,
      differences: run.differences,
    },
    items: run.items.map((i) => ({
      id: String(i.id),
      status: i.status,
      kind: i.kind,
      stripeId: i.stripeId,
      ledgerKey: i.ledgerKey,
      stripeFen: fen(i.stripeAmountFen),
      ledgerFen: fen(i.ledgerAmountFen),
      at: i.occurredAt?.toISOString() ?? null,
    })),
  });
}

export default function ReconciliationReport() {
  const { t, i18n } = useTranslation();
  const { run, items } = useLoaderData<typeof loader>();
  const [params, setParams] = useSearchParams();
  useAutoRefresh(run.status === "RUNNING");
  const shown = params.get("status");
  const visible = shown ? items.filter((i) => i.status === shown) : items;
  const money = (fen: string | null) => (fen === null ? "—" : formatFen(fen, i18n.language));
  const en = i18n.language === "en";
  return (
    <section>
      <p className="muted">
        <Link to="/ops/reconciliation">← {t("reconciliation.title")}</Link>
      </p>
      <h1>
        {t("reconciliation.reportTitle", { from: run.from, to: run.to })}{" "}
        <span className={run.differences ? "badge bad" : "badge"} data-testid="run-status" data-status={run.status}>
          {t(`reconciliation.status.${run.status}`)}
        </span>
      </h1>
      <p>{run.project ? (en ? run.project.en : run.project.zh) : t("reconciliation.allProjects")}</p>
      {run.status === "RUNNING" ? (
        <p className="notice" role="status">
          <span className="spinner" /> {t("reconciliation.running")}
        </p>
      ) : null}
      {run.status === "FAILED" ? (
        <p className="form-error" role="alert">
          {t("reconciliation.failed", { error: run.error })}
        </p>
      ) : null}
      {run.status === "DONE" ? (
        <>
          <p role="status" data-testid="run-summary" className={run.differences ? "form-error" : "notice"}>
            {run.differences ? t("reconciliation.alarm", { count: run.differences, matched: run.matched }) : t("reconciliation.clean", { matched: run.matched })}
          </p>
          <p>
            <a href={`/ops/reconciliation/${run.id}.csv`} download>
              {t("reconciliation.csv")}
            </a>
          </p>
          <label>
            {t("reconciliation.show")}
            <select value={shown ?? ""} onChange={(event) => setParams(event.target.value ? { status: event.target.value } : {})}>
              <option value="">{t("reconciliation.everything", { count: items.length })}</option>
              {STATUSES.map((s) => (
                <option key={s} value={s}>
                  {t(`reconciliation.item.${s}`)} ({items.filter((i) => i.status === s).length})
                </option>
              ))}
            </select>
          </label>
          {visible.length === 0 ? (
            <p className="notice">{t("reconciliation.nothingHere")}</p>
          ) : (
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th>{t("payouts.status")}</th>
                    <th>{t("reconciliation.kind")}</th>
                    <th>Stripe</th>
                    <th>{t("reconciliation.ledger")}</th>
                    <th>{t("reconciliation.stripeAmount")}</th>
                    <th>{t("reconciliation.ledgerAmount")}</th>
                  </tr>
                </thead>
                <tbody>
                  {visible.map((i) => (
                    <tr key={i.id} data-testid="report-item" data-status={i.status}>
                      <td>
                        <span className={i.status === "MATCHED" ? "badge" : "badge bad"}>{t(`reconciliation.item.${i.status}`)}</span>
                      </td>
                      <td>{t(`reconciliation.kindName.${i.kind}`)}</td>
                      <td>{i.stripeId ? <code>{i.stripeId}</code> : "—"}</td>
                      <td>{i.ledgerKey ? <code>{i.ledgerKey}</code> : "—"}</td>
                      <td>{money(i.stripeFen)}</td>
                      <td>{money(i.ledgerFen)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      ) : null}
    </section>
  );
}
