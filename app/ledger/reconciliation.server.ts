import { outboxRow } from "~/queue/jobs.server";
import { csvFile } from "~/utils/csv-file";
import type { BalanceItem } from "~/commerce/payment-provider";
import { paymentProvider } from "~/commerce/provider.server";
import { audit } from "~/audit/audit.server";
import { db } from "~/db/client.server";
import { logger } from "~/utils/logger.server";
import { postStripeFee } from "./money-ledger.server";
import { reconcile, type ReportItem, type SideItem } from "./reconcile";
import { Refused } from "~/utils/refused";

// A reconciliation run fetches Stripe's balance transactions and transfers for a period and
// matches them with the ledger's transactions through Stripe clearing. Stripe's processing fees
// are known only from its balance transactions: the run posts them (once each) as it sees them.

const DAY_MS = 24 * 3600 * 1000;
const WINDOW_MS = DAY_MS;

type Period = { periodStart: Date; periodEnd: Date; projectId: string | null };

async function ledgerItems({ periodStart, periodEnd, projectId }: Period): Promise<SideItem[]> {
  const rows = await db().$queryRaw<{ businessKey: string; kind: string; createdAt: Date; orderId: string | null; paymentIntentId: string | null; payoutId: string | null; transferId: string | null; amount: bigint }[]>`
    SELECT t."businessKey", t.kind, t."createdAt", t."orderId", o."paymentIntentId", p.id AS "payoutId", p."transferId", sum(e."amountFen")::bigint AS amount
    FROM "MoneyTransaction" t
    JOIN "MoneyEntry" e ON e."transactionId" = t.id
    JOIN "MoneyAccount" a ON a.id = e."accountId" AND a.kind = 'STRIPE_CLEARING'
    LEFT JOIN "Order" o ON o.id = t."orderId"
    LEFT JOIN "Payout" p ON t.kind IN ('PAYOUT_PAID', 'PAYOUT_REVERSED') AND p.id = split_part(t."businessKey", ':', 2) -- payout-paid:<payout>, payout-reversed:<payout>:<reversal>
    LEFT JOIN "PayoutBatch" b ON b.id = p."batchId"
    WHERE t."createdAt" >= ${new Date(periodStart.getTime() - WINDOW_MS)} AND t."createdAt" < ${new Date(periodEnd.getTime() + WINDOW_MS)}
      AND t.kind IN ('ORDER_PAID', 'ORDER_REFUNDED', 'PAYOUT_PAID', 'PAYOUT_REVERSED', 'BANK_PAYOUT', 'BANK_PAYOUT_FAILED')
      AND (${projectId}::text IS NULL OR b."projectId" = ${projectId} OR EXISTS (
        SELECT 1 FROM "OrderLine" l JOIN "Product" pr ON pr.id = l."productId" WHERE l."orderId" = t."orderId" AND pr."projectId" = ${projectId}))
    GROUP BY t.id, o."paymentIntentId", p.id`;
  return rows.map((r) => ({ id: r.businessKey, ...ledgerMatch(r), amountFen: BigInt(r.amount), occurredAt: r.createdAt }));
}

/** A ledger transaction's kind of item, and what it meets Stripe's item on. */
function ledgerMatch(r: { businessKey: string; kind: string; orderId: string | null; paymentIntentId: string | null; payoutId: string | null; transferId: string | null }): Pick<SideItem, "kind" | "matchKey"> {
  switch (r.kind) {
    case "PAYOUT_PAID":
      return { kind: "transfer", matchKey: r.payoutId ?? r.businessKey };
    case "PAYOUT_REVERSED":
      return { kind: "reversal", matchKey: r.businessKey.split(":")[2]! };
    case "BANK_PAYOUT":
    case "BANK_PAYOUT_FAILED":
      // bank-payout:<po_…>, bank-payout-failed:<po_…>
      return { kind: "bank_payout", matchKey: r.businessKey.split(":")[1]! };
    default:
      return { kind: r.kind === "ORDER_PAID" ? "charge" : "refund", matchKey: r.paymentIntentId ?? `order:${r.orderId}` };
  }
}

/** Stripe's side, without what belongs to another project when the run is for one project. */
async function stripeItems({ periodStart, periodEnd, projectId }: Period): Promise<{ items: SideItem[]; fees: { item: BalanceItem; orderId: string }[] }> {
  const activity: BalanceItem[] = [];
  for await (const item of paymentProvider().balanceActivity(new Date(periodStart.getTime() - WINDOW_MS), new Date(periodEnd.getTime() + WINDOW_MS))) {
    if (item.kind !== "other") activity.push(item);
  }
  const intents = [...new Set(activity.flatMap((i) => (i.paymentIntentId ? [i.paymentIntentId] : [])))];
  const orders = await db().order.findMany({
    where: { paymentIntentId: { in: intents } },
    select: { id: true, paymentIntentId: true, lines: { select: { product: { select: { projectId: true } } } } },
  });
  const orderOf = new Map(orders.map((o) => [o.paymentIntentId!, o]));
  const reversed = activity.flatMap((i) => (i.kind === "reversal" && i.transferId ? [i.transferId] : []));
  const payouts = await db().payout.findMany({
    where: { OR: [{ id: { in: activity.flatMap((i) => (i.payoutId ? [i.payoutId] : [])) } }, { transferId: { in: reversed } }] },
    select: { id: true, transferId: true, batch: { select: { projectId: true } } },
  });
  const payoutProject = new Map(payouts.flatMap((p) => [[p.id, p.batch.projectId] as const, ...(p.transferId ? [[p.transferId, p.batch.projectId] as const] : [])]));
  const elsewhere = (item: BalanceItem) => {
    if (!projectId) return false;
    // A payout to the bank is the whole platform's: only a run for every project has it.
    if (item.kind === "bank_payout") return true;
    const order = item.paymentIntentId ? orderOf.get(item.paymentIntentId) : undefined;
    if (order) return !order.lines.some((l) => l.product.projectId === projectId);
    const key = item.kind === "reversal" ? item.transferId : item.payoutId;
    const payoutProjectId = key ? payoutProject.get(key) : undefined;
    return payoutProjectId !== undefined && payoutProjectId !== projectId;
  };
  const mine = activity.filter((item) => !elsewhere(item));
  return {
    items: mine.map((item) => ({
      id: item.id,
      kind: item.kind as SideItem["kind"],
      matchKey: stripeMatchKey(item),
      amountFen: item.amountFen,
      occurredAt: item.created,
    })),
    fees: mine.flatMap((item) => {
      const order = item.paymentIntentId ? orderOf.get(item.paymentIntentId) : undefined;
      return item.kind === "charge" && item.feeFen > 0n && order ? [{ item, orderId: order.id }] : [];
    }),
  };
}

/** What a Stripe item meets its ledger item on (see ledgerMatch). */
function stripeMatchKey(item: BalanceItem): string {
  if (item.kind === "transfer") return item.payoutId ?? item.transferId ?? item.id;
  if (item.kind === "reversal") return item.reversalId ?? item.id;
  if (item.kind === "bank_payout") return item.bankPayoutId ?? item.id;
  return item.paymentIntentId ?? item.id;
}

/** Runs a reconciliation already recorded as RUNNING; a failure is recorded on the run, not lost. */
export async function runReconciliation(runId: string): Promise<void> {
  const run = await db().reconciliationRun.findUniqueOrThrow({ where: { id: runId } });
  if (run.status !== "RUNNING") return;
  try {
    const period = { periodStart: run.periodStart, periodEnd: run.periodEnd, projectId: run.projectId };
    const stripe = await stripeItems(period);
    for (const { item, orderId } of stripe.fees) await db().$transaction((tx) => postStripeFee(tx, item.id, item.feeFen, orderId));
    const report = reconcile(await ledgerItems(period), stripe.items, { start: run.periodStart, end: run.periodEnd });
    await saveReport(runId, [...report, ...(await bankPayoutContents(stripe.items, run))]);
  } catch (error) {
    logger.error({ runId, err: error }, "reconciliation failed");
    await db().reconciliationRun.updateMany({ where: { id: runId, status: "RUNNING" }, data: { status: "FAILED", error: (error as Error).message.slice(0, 500), finishedAt: new Date() } });
  }
}

/**
 * Each payout to the bank in the period against what it carried (Stripe's balance transactions
 * listed by payout): a payout that does not add up to its contents is a difference, with what the
 * contents add up to beside it (ledger key `contents:<payout>`). The contents themselves are
 * matched with the ledger item by item above.
 */
async function bankPayoutContents(items: SideItem[], run: { periodStart: Date; periodEnd: Date }): Promise<ReportItem[]> {
  const report: ReportItem[] = [];
  for (const item of items) {
    if (item.kind !== "bank_payout" || item.amountFen >= 0n || item.occurredAt < run.periodStart || item.occurredAt >= run.periodEnd) continue;
    const net = await paymentProvider().bankPayoutContentsNet(item.matchKey);
    if (net === -item.amountFen) continue;
    report.push({ status: "AMOUNT_MISMATCH", kind: "bank_payout", stripeId: item.matchKey, ledgerKey: `contents:${item.matchKey}`, stripeAmountFen: item.amountFen, ledgerAmountFen: -net, occurredAt: item.occurredAt });
  }
  return report;
}

async function saveReport(runId: string, report: ReportItem[]) {
  const matched = report.filter((i) => i.status === "MATCHED").length;
  await db().$transaction(async (tx) => {
    // A job run again after a crash replaces what its first attempt wrote.
    await tx.reconciliationItem.deleteMany({ where: { runId } });
    await tx.reconciliationItem.createMany({ data: report.map((item) => ({ runId, ...item })) });
    await tx.reconciliationRun.update({ where: { id: runId }, data: { status: "DONE", matched, differences: report.length - matched, finishedAt: new Date() } });
  });
}

/** Records a run and requests it from the workers, together. */
/** Asks for a run; `by`, an operator asking (not the daily schedule), goes to the audit trail in the same transaction. */
export async function requestReconciliation(input: Period & { trigger: "manual" | "scheduled" }, by?: string) {
  return db().$transaction(async (tx) => {
    if (input.projectId && !(await tx.project.count({ where: { id: input.projectId } }))) throw new Refused("project_not_found");
    const run = await tx.reconciliationRun.create({ data: input });
    await tx.outboxEvent.create({ data: outboxRow("reconciliation.requested", `reconcile-${run.id}`, { runId: run.id }) });
    if (by) {
      await audit(tx, {
        actorId: by,
        action: "reconciliation_request",
        subject: run.id,
        details: { projectId: input.projectId ?? null, periodStart: input.periodStart.toISOString(), periodEnd: input.periodEnd.toISOString() },
      });
    }
    return run;
  });
}

/** The daily scheduled run: the previous UTC day, all projects; one run per day however often it fires. */
export async function requestDailyReconciliation(now = new Date()) {
  const periodEnd = new Date(Math.floor(now.getTime() / DAY_MS) * DAY_MS);
  const periodStart = new Date(periodEnd.getTime() - DAY_MS);
  const existing = await db().reconciliationRun.findFirst({ where: { trigger: "scheduled", periodStart, periodEnd, projectId: null, status: { not: "FAILED" } } });
  return existing ?? requestReconciliation({ periodStart, periodEnd, projectId: null, trigger: "scheduled" });
}

export const RUNS_PER_PAGE = 20;

export async function listRuns(page: number) {
  const [runs, total] = await Promise.all([
    db().reconciliationRun.findMany({ orderBy: { startedAt: "desc" }, skip: (page - 1) * RUNS_PER_PAGE, take: RUNS_PER_PAGE, include: { project: { select: { nameZh: true, nameEn: true } } } }),
    db().reconciliationRun.count(),
  ]);
  return { runs, total };
}

export async function runReport(runId: string) {
  return db().reconciliationRun.findUnique({
    where: { id: runId },
    include: { project: { select: { nameZh: true, nameEn: true } }, items: { orderBy: [{ status: "desc" }, { occurredAt: "asc" }] } },
  });
}

/** The report as CSV: one line per item, differences first. */
export async function reportCsv(runId: string): Promise<string | null> {
  const run = await runReport(runId);
  if (!run) return null;
  const amount = (fen: bigint | null) => (fen === null ? "" : String(fen));
  return csvFile([
    ["status", "kind", "stripe_id", "ledger_key", "stripe_amount_fen", "ledger_amount_fen", "difference_fen", "occurred_at"],
    ...run.items.map((i) => [
      i.status,
      i.kind,
      i.stripeId ?? "",
      i.ledgerKey ?? "",
      amount(i.stripeAmountFen),
      amount(i.ledgerAmountFen),
      String((i.stripeAmountFen ?? 0n) - (i.ledgerAmountFen ?? 0n)),
      i.occurredAt?.toISOString() ?? "",
    ]),
  ]);
}
