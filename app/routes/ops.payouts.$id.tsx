import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, json } from "@remix-run/node";
import { inputProblemOf, readForm } from "~/utils/input.server";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireOperator } from "~/auth/guards.server";
import { formatFen } from "~/utils/formats";
import { useAutoRefresh } from "~/components/auto-refresh";
import { ConfirmButton } from "~/components/confirm-button";
import { batchDetail } from "~/payouts/batches.server";
import { approvePayoutBatch, cancelPayoutBatch } from "~/payouts/operations.server";
import { MAX_CSV_BYTES } from "~/utils/upload-limits";
import { intent, pageAction } from "~/utils/operation.server";
import { confirmDisbursements } from "~/payouts/disbursements.server";
import { dayText, lastDayText } from "~/payouts/china-days";
import { say } from "~/utils/message";
import { payeeOf } from "~/payouts/payee";

// The message sections this page shows (besides the shared ones); checked by tests/unit/message-sections.test.ts.
export const handle = { i18n: ["area", "csv", "evidence", "friends", "fund", "households", "payouts", "projects", "reconciliation", "redemption", "shop", "stepUp", "work"] };

export const meta: MetaFunction = () => [{ title: "Payout batch · Operations · Sapling" }];


export async function loader({ request, params }: LoaderFunctionArgs) {
  const operator = await requireOperator(request);
  const batch = await batchDetail(params.id!);
  if (!batch) throw new Response("No such batch", { status: 404 });
  const count = (status: string) => batch.payouts.filter((p) => p.status === status).length;
  return json({
    batch: {
      id: batch.id,
      kind: batch.kind,
      expense: expenseOf(batch.payouts[0]?.expense ?? null),
      project: { id: batch.project.id, zh: batch.project.nameZh, en: batch.project.nameEn },
      from: dayText(batch.periodStart),
      to: lastDayText(batch.periodEnd),
      minimumFen: String(batch.minimumFen),
      status: batch.status,
      builtBy: batch.builtBy.displayName,
      approvedBy: batch.approvedBy?.displayName ?? null,
      builtByMe: batch.builtBy.id === operator.id,
      hasDisbursements: batch.payouts.some((p) => p.method === "DISBURSEMENT_LIST"),
      totalFen: String(batch.payouts.reduce((sum, p) => sum + p.amountFen, 0n)),
    },
    counts: { paid: count("PAID"), failed: count("FAILED"), awaiting: count("AWAITING_CONFIRMATION") },
    payouts: batch.payouts.map((p) => ({
      id: p.id,
      payee: payeeOf(p),
      method: p.method,
      amountFen: String(p.amountFen),
      reversedFen: String(p.reversedFen),
      status: p.status,
      attempts: p.attempts,
      lastError: p.lastError,
      reference: p.transferId ?? p.reference,
    })),
  });
}

/** What an ecology-fund batch pays for: its budget line and the record of the work. */
function expenseOf(expense: NonNullable<Awaited<ReturnType<typeof batchDetail>>>["payouts"][number]["expense"]) {
  if (!expense) return null;
  const record = expense.patrolLog
    ? { kind: "patrol" as const, on: dayText(expense.patrolLog.occurredOn), what: expense.patrolLog.route }
    : { kind: "evidence" as const, on: expense.evidence ? dayText(expense.evidence.occurredOn) : "", what: expense.evidence?.kind ?? "" };
  return { description: expense.description, category: expense.budgetLine.category, year: expense.budgetLine.year, record };
}

const batchOf = (_: Record<string, string>, params: Record<string, string | undefined>) => ({ batchId: params.id });

export async function action(args: ActionFunctionArgs) {
  // The approval and the cancellation are declared operations; the confirmation file is read here.
  if ((args.request.headers.get("Content-Type") ?? "").startsWith("multipart/form-data")) return confirmFile(args);
  return pageAction(args, {
    approve: intent(approvePayoutBatch, { input: (fields, params) => ({ batchId: params.id, totp: fields.totp }), done: () => ({ message: "payouts.approved" }) }),
    cancel: intent(cancelPayoutBatch, { input: batchOf, done: () => ({ message: "payouts.cancelled" }) }),
  });
}

/** The filled-in disbursement list: each line paid, failed or still awaited. */
async function confirmFile({ request, params }: ActionFunctionArgs) {
  const operator = await requireOperator(request);
  let form: FormData;
  try {
    form = await readForm(request, { maxFileBytes: MAX_CSV_BYTES });
  } catch (error) {
    if (inputProblemOf(error)?.status !== 413) throw error;
    return json({ kind: "confirm" as const, fileProblem: say("csv.too_large", { max: MAX_CSV_BYTES / 1_000_000 }) }, { status: 413 });
  }
  const file = form.get("file");
  if (!(file instanceof File) || file.size === 0) return json({ kind: "confirm" as const, fileProblem: say("csv.choose_filled_in") }, { status: 400 });
  const result = await confirmDisbursements(params.id!, await file.text(), operator.id);
  return json({ kind: "confirm" as const, ...result }, { status: result.fileProblem ? 400 : 200 });
}

const RUNNING = ["APPROVED", "EXECUTING"];

export default function PayoutBatchPage() {
  const { t, i18n } = useTranslation();
  const { batch, counts, payouts } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const uploading = useNavigation().formEncType === "multipart/form-data";
  const running = RUNNING.includes(batch.status);
  useAutoRefresh(running, 1500);
  const en = i18n.language === "en";
  const money = (fen: string) => formatFen(fen, i18n.language);
  const done = counts.paid + counts.failed + counts.awaiting;
  return (
    <section>
      <p className="muted">
        <Link to="/ops/payouts">← {t("payouts.title")}</Link>
      </p>
      <h1>
        {batch.expense ? t("payouts.expenseTitle", { description: batch.expense.description }) : t("payouts.batchTitle", { project: en ? batch.project.en : batch.project.zh, from: batch.from, to: batch.to })}{" "}
        <span className="badge" data-testid="batch-status" data-status={batch.status}>
          {t(`payouts.batchStatus.${batch.status}`)}
        </span>
      </h1>
      <p>
        {batch.expense
          ? t("payouts.expenseSummary", {
              line: `${t(`fund.category.${batch.expense.category}`)} ${batch.expense.year}`,
              total: money(batch.totalFen),
              record:
                batch.expense.record.kind === "patrol"
                  ? t("fund.patrolRecord", { on: batch.expense.record.on, route: batch.expense.record.what })
                  : t("fund.evidenceRecord", { on: batch.expense.record.on, kind: t(`evidence.kind.${batch.expense.record.what}`) }),
              builtBy: batch.builtBy,
            })
          : t("payouts.batchSummary", { payees: t(`payouts.count.${batch.kind}`, { count: payouts.length }), total: money(batch.totalFen), minimum: money(batch.minimumFen), builtBy: batch.builtBy })}
        {batch.approvedBy ? ` ${t("payouts.approvedBy", { name: batch.approvedBy })}` : ""}
      </p>

      {batch.status === "DRAFT" ? (
        <div className="stack">
          {batch.builtByMe ? (
            <p className="notice" data-testid="own-batch">
              {t("payouts.ownBatch")}
            </p>
          ) : (
            <ConfirmButton label={t("payouts.approve")} question={t("payouts.approveConfirm", { payees: t(`payouts.count.${batch.kind}`, { count: payouts.length }), total: money(batch.totalFen) })} yes={t("payouts.approveYes")} fields={{ intent: "approve" }} totp />
          )}
          <ConfirmButton className="secondary" label={t("payouts.cancel")} question={t("payouts.cancelConfirm")} yes={t("payouts.cancelYes")} fields={{ intent: "cancel" }} />
        </div>
      ) : null}
      {result && "intent" in result && result.ok ? (
        <p className="notice" role="status">
          {t(result.message)}
        </p>
      ) : null}
      {result && "intent" in result && !result.ok ? (
        <p className="form-error" role="alert">
          {t(result.error, result.params)}
        </p>
      ) : null}

      {batch.status !== "DRAFT" && batch.status !== "CANCELLED" ? (
        <div role="status" data-testid="batch-progress">
          <progress max={payouts.length} value={done} aria-label={t("payouts.progress")} />{" "}
          {running ? <span className="spinner" /> : null}{" "}
          {t("payouts.progressText", {
            done,
            count: payouts.length,
            ...counts,
          })}
        </div>
      ) : null}

      {batch.hasDisbursements && (batch.status === "AWAITING_CONFIRMATION" || batch.status === "COMPLETED") ? (
        <div className="stack">
          <h2>{t("payouts.disbursements")}</h2>
          <p className="muted">{t("payouts.disbursementsExplained")}</p>
          <p>
            <a href={`/ops/payouts/${batch.id}/disbursements.csv`} download>
              {t("payouts.downloadList")}
            </a>
          </p>
          {batch.status === "AWAITING_CONFIRMATION" ? (
            <Form method="post" encType="multipart/form-data" className="stack">
              <label>
                {t("payouts.confirmation")}
                <input type="file" name="file" accept=".csv,text/csv" data-testid="confirmation-file" />
              </label>
              <button type="submit" disabled={uploading} aria-busy={uploading}>
                {uploading ? t("payouts.uploading") : t("payouts.upload")}
              </button>
            </Form>
          ) : null}
          {result && "kind" in result && result.kind === "confirm" ? (
            "fileProblem" in result && result.fileProblem ? (
              <p className="form-error" role="alert">
                {t(result.fileProblem.key, result.fileProblem.params)}
              </p>
            ) : "paid" in result ? (
              <div role="status" data-testid="confirmation-result">
                <p className="notice">{t("payouts.confirmed", { paid: result.paid, failed: result.failed, unchanged: result.unchanged, rejected: result.rejected.length })}</p>
                {result.rejected.length ? (
                  <ul className="problems">
                    {result.rejected.map((r) => (
                      <li key={r.line}>
                        {t("payouts.line", { line: r.line })} {r.reasons.map((reason) => t(reason.key, reason.params)).join(t("csv.separator"))}
                      </li>
                    ))}
                  </ul>
                ) : null}
              </div>
            ) : null
          ) : null}
        </div>
      ) : null}

      <h2>{t("payouts.payees")}</h2>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th>{t("payouts.payee")}</th>
              <th></th>
              <th>{t("households.payout")}</th>
              <th>{t("payouts.amount")}</th>
              <th>{t("payouts.status")}</th>
              <th>{t("payouts.reference")}</th>
            </tr>
          </thead>
          <tbody>
            {payouts.map((p) => (
              <tr key={p.id} data-testid="payout-row" data-status={p.status}>
                <td>
                  {p.payee.kind === "household" ? (
                    <Link to={`/ops/households/${p.payee.householdId}`}>
                      <code>{p.payee.code}</code>
                    </Link>
                  ) : p.payee.kind === "cooperative" && en ? (
                    p.payee.nameEn
                  ) : (
                    p.payee.name
                  )}
                </td>
                <td>{p.payee.kind === "household" ? `${p.payee.name}, ${p.payee.place}` : p.payee.place}</td>
                <td>{t(`households.method.${p.method}`)}</td>
                <td>{money(p.amountFen)}</td>
                <td>
                  <span className={p.status === "FAILED" ? "badge bad" : "badge"}>{t(`payouts.payoutStatus.${p.status}`)}</span>
                  {p.attempts > 1 ? ` ${t("payouts.attempts", { count: p.attempts })}` : ""}
                  {p.reversedFen !== "0" ? <div className="field-error">{t("payouts.reversed", { amount: money(p.reversedFen) })}</div> : null}
                  {p.lastError ? <div className="field-error">{p.lastError}</div> : null}
                </td>
                <td>{p.reference ? <code>{p.reference}</code> : null}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
