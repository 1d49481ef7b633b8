import { jobOf } from "~/queue/jobs.server";
import { paymentProvider } from "~/commerce/provider.server";
import { db } from "~/db/client.server";
import type { PayoutMethod } from "@prisma/client";
import { accounts, ensureAccounts, postPayoutReturned } from "~/ledger/money-ledger.server";
import { JOB_RETENTION } from "~/queue/outbox.server";
import { getFlowProducer, getQueue, QUEUES } from "~/queue/queues.server";
import { env } from "~/utils/env.server";
import { logger } from "~/utils/logger.server";
import { appendToPublicLog } from "~/transparency/public-log.server";
import { dayText, lastDayText } from "./china-days";

// An approved batch runs as one BullMQ flow: a child job per payee and a parent that finalises
// the batch once every child is done. Every step is conditional on the payout's status and every
// transfer carries an idempotency key derived from the payout, so a job run twice (retried, or
// recovered from a killed worker) never pays twice.

export const PAYOUT_ATTEMPTS = 5;

const finaliserId = (batchId: string) => `finalise-${batchId}`;
const payoutJobId = (payoutId: string) => `payout-${payoutId}`;
export const transferIdempotencyKey = (payoutId: string) => `payout-${payoutId}`;

/** Moves an approved batch to executing and enqueues its flow, once. */
export async function startBatch(batchId: string) {
  const { count } = await db().payoutBatch.updateMany({ where: { id: batchId, status: { in: ["APPROVED", "EXECUTING"] } }, data: { status: "EXECUTING" } });
  if (count === 0) return { started: false };
  if (await getQueue(QUEUES.payouts).getJob(finaliserId(batchId))) return { started: false };
  const payouts = await db().payout.findMany({ where: { batchId }, select: { id: true } });
  await getFlowProducer().add({
    ...jobOf("finalise-batch", { batchId }),
    opts: { ...JOB_RETENTION, jobId: finaliserId(batchId) },
    children: payouts.map((payout) => ({
      ...jobOf("pay-payee", { payoutId: payout.id }),
      opts: {
        ...JOB_RETENTION,
        jobId: payoutJobId(payout.id),
        attempts: PAYOUT_ATTEMPTS,
        backoff: { type: "exponential", delay: env().PAYOUT_RETRY_DELAY_MS },
        // A child that still throws on its last attempt must not keep the batch from finalising.
        ignoreDependencyOnFailure: true,
      },
    })),
  });
  return { started: true, payouts: payouts.length };
}

type PayoutRow = NonNullable<Awaited<ReturnType<typeof claimPayout>>>;

/** Takes a payout for an attempt (counted), with its project: null once it is final. One statement. */
async function claimPayout(payoutId: string) {
  const [row] = await db().$queryRaw<{ id: string; batchId: string; payableKey: string; amountFen: bigint; method: PayoutMethod; destination: string | null; attempts: number; projectId: string }[]>`
    UPDATE "Payout" p SET status = 'PROCESSING', attempts = p.attempts + 1, "updatedAt" = now()
    FROM "PayoutBatch" b
    WHERE p.id = ${payoutId} AND p.status IN ('PENDING', 'PROCESSING') AND b.id = p."batchId"
    RETURNING p.id, p."batchId", p."payableKey", p."amountFen", p.method, p.destination, p.attempts, b."projectId"`;
  return row ? { ...row, amountFen: BigInt(row.amountFen) } : null;
}

/**
 * Records a payout as paid and moves its amount out of the ledger (`payout-paid:<payout>`,
 * payouts-in-transit to Stripe clearing or the disbursement clearing), together and once: the
 * payout becomes PAID only if it still is `from`, and only then is the posting made, in one
 * statement. A batch of 100,000 spent most of its time in the round trips of an interactive
 * transaction doing this in six queries. False when the payout was not `from`.
 */
export async function markPayoutPaid(payout: { id: string; method: "STRIPE_CONNECT" | "DISBURSEMENT_LIST" }, from: "PROCESSING" | "AWAITING_CONFIRMATION", details: { transferId?: string; reference?: string }) {
  const source = payout.method === "STRIPE_CONNECT" ? accounts.stripeClearing() : accounts.disbursementClearing();
  await ensureAccounts(db(), [accounts.payoutsInTransit(), source]);
  const [row] = await db().$queryRaw<{ paid: number }[]>`
    WITH paid AS (
      UPDATE "Payout" SET status = 'PAID', "paidAt" = now(), "lastError" = NULL, "updatedAt" = now(),
        "transferId" = COALESCE(${details.transferId ?? null}, "transferId"), reference = COALESCE(${details.reference ?? null}, reference)
      WHERE id = ${payout.id} AND status = ${from}::"PayoutStatus"
      RETURNING id, "amountFen"
    ), made AS (
      INSERT INTO "MoneyTransaction" (id, "businessKey", kind)
      SELECT 'mt_payout-paid:' || id, 'payout-paid:' || id, 'PAYOUT_PAID' FROM paid
      ON CONFLICT ("businessKey") DO NOTHING RETURNING id
    ), entries AS (
      INSERT INTO "MoneyEntry" ("transactionId", "accountId", "amountFen")
      SELECT made.id, (SELECT id FROM "MoneyAccount" WHERE key = ${accounts.payoutsInTransit().key}), paid."amountFen" FROM made, paid
      UNION ALL
      SELECT made.id, (SELECT id FROM "MoneyAccount" WHERE key = ${source.key}), -paid."amountFen" FROM made, paid
      RETURNING 1
    )
    SELECT (SELECT count(*) FROM paid)::int AS paid`;
  return row!.paid === 1;
}

/** A payout that did not go out: failed, and its amount owed to its payee (or back in the fund) again. */
export async function markPayoutFailed(payout: Pick<PayoutRow, "id" | "amountFen" | "payableKey">, from: "PROCESSING" | "AWAITING_CONFIRMATION", reason: string) {
  return db().$transaction(async (tx) => {
    const { count } = await tx.payout.updateMany({ where: { id: payout.id, status: from }, data: { status: "FAILED", lastError: reason.slice(0, 500) } });
    if (count === 0) return false;
    await postPayoutReturned(tx, payout);
    return true;
  });
}

/** One payee's job: a Connect transfer, or a line awaiting the disbursement confirmation. */
export async function payPayee(payoutId: string, attempt: { made: number; allowed: number }) {
  const payout = await claimPayout(payoutId);
  if (!payout) return { status: "already-final" };
  if (payout.method === "DISBURSEMENT_LIST") {
    await db().payout.updateMany({ where: { id: payout.id, status: "PROCESSING" }, data: { status: "AWAITING_CONFIRMATION" } });
    return { status: "awaiting-confirmation" };
  }
  const provider = paymentProvider();
  try {
    // A transfer made by an earlier attempt whose answer was lost is found, not made again. Only a
    // retry looks (the first claim had no earlier attempt): listing the batch's transfer group for
    // every payee made a batch cost about n²/100 list calls (issue #19).
    const transfer =
      (payout.attempts > 1 ? await provider.findTransfer(payout.batchId, payout.id) : null) ??
      (await provider.transfer({
        amountFen: payout.amountFen,
        currency: "cny",
        destination: payout.destination!,
        transferGroup: payout.batchId,
        payoutId: payout.id,
        idempotencyKey: transferIdempotencyKey(payout.id),
      }));
    await markPayoutPaid(payout, "PROCESSING", { transferId: transfer.id });
    return { status: "paid", transferId: transfer.id };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const lastAttempt = attempt.made + 1 >= attempt.allowed;
    if (!lastAttempt) {
      await db().payout.updateMany({ where: { id: payout.id, status: "PROCESSING" }, data: { lastError: message.slice(0, 500) } });
      throw error;
    }
    logger.warn({ payoutId: payout.id, err: error }, "payout failed after its last attempt; returned to the payable");
    await markPayoutFailed(payout, "PROCESSING", message);
    return { status: "failed" };
  }
}

/**
 * The flow's parent, run once every payee's job is done: the batch is completed, or waits for
 * the disbursement confirmation.
 */
export async function finaliseBatch(batchId: string) {
  const open = await db().payout.count({ where: { batchId, status: { in: ["PENDING", "PROCESSING"] } } });
  if (open > 0) throw new Error(`batch ${batchId} still has ${open} payouts in progress`);
  const awaiting = await db().payout.count({ where: { batchId, status: "AWAITING_CONFIRMATION" } });
  if (awaiting > 0) await db().payoutBatch.updateMany({ where: { id: batchId, status: "EXECUTING" }, data: { status: "AWAITING_CONFIRMATION" } });
  else await completeBatch(batchId, "EXECUTING");
  return { awaiting };
}

/**
 * A batch with no payout left open becomes COMPLETED, once, and the public log says what it paid:
 * how many payouts, to how many households, how much; no one named.
 */
export async function completeBatch(batchId: string, from: "EXECUTING" | "AWAITING_CONFIRMATION") {
  await db().$transaction(async (tx) => {
    const [batch] = await tx.$queryRaw<{ projectId: string; kind: string; periodStart: Date; periodEnd: Date }[]>`
      UPDATE "PayoutBatch" SET status = 'COMPLETED', "finishedAt" = now()
      WHERE id = ${batchId} AND status = ${from}::"PayoutBatchStatus"
        AND NOT EXISTS (SELECT 1 FROM "Payout" WHERE "batchId" = ${batchId} AND status IN ('PENDING', 'PROCESSING', 'AWAITING_CONFIRMATION'))
      RETURNING "projectId", kind::text, "periodStart", "periodEnd"`;
    if (!batch) return;
    const [paid] = await tx.$queryRaw<{ payouts: number; households: number; fen: bigint | null }[]>`
      SELECT count(*)::int AS payouts, count(DISTINCT "householdId")::int AS households, sum("amountFen")::bigint AS fen
      FROM "Payout" WHERE "batchId" = ${batchId} AND status = 'PAID'`;
    const project = await tx.project.findUniqueOrThrow({ where: { id: batch.projectId }, select: { slug: true } });
    await appendToPublicLog(tx, {
      kind: "payout_batch",
      ref: batchId,
      data: {
        batch: batchId,
        project: project.slug,
        kind: batch.kind,
        from: dayText(batch.periodStart),
        to: lastDayText(batch.periodEnd),
        payouts: paid!.payouts,
        households: paid!.households,
        fen: String(paid!.fen ?? 0n),
      },
    });
  });
}
