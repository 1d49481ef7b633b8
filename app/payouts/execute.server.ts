import { jobOf } from "~/queue/jobs.server";
import { paymentProvider } from "~/commerce/provider.server";
import { db } from "~/db/client.server";
import { postPayoutPaid, postPayoutReturned } from "~/ledger/money-ledger.server";
import { JOB_RETENTION } from "~/queue/outbox.server";
import { getFlowProducer, getQueue, QUEUES } from "~/queue/queues.server";
import { env } from "~/utils/env.server";
import { logger } from "~/utils/logger.server";

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
      ...jobOf("pay-household", { payoutId: payout.id }),
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

async function claimPayout(payoutId: string) {
  const [row] = await db().$queryRaw<{ id: string }[]>`
    UPDATE "Payout" SET status = 'PROCESSING', attempts = attempts + 1, "updatedAt" = now()
    WHERE id = ${payoutId} AND status IN ('PENDING', 'PROCESSING') RETURNING id`;
  if (!row) return null;
  return db().payout.findUniqueOrThrow({ where: { id: payoutId }, include: { batch: { select: { projectId: true } } } });
}

/** Records a payout as paid and moves its amount out of the ledger, together and once. */
export async function markPayoutPaid(payout: PayoutRow, from: "PROCESSING" | "AWAITING_CONFIRMATION", details: { transferId?: string; reference?: string }) {
  return db().$transaction(async (tx) => {
    const { count } = await tx.payout.updateMany({ where: { id: payout.id, status: from }, data: { status: "PAID", paidAt: new Date(), lastError: null, ...details } });
    if (count === 0) return false;
    await postPayoutPaid(tx, { ...payout, projectId: payout.batch.projectId });
    return true;
  });
}

/** A payout that did not go out: failed, and its amount owed to the household again. */
export async function markPayoutFailed(payout: PayoutRow, from: "PROCESSING" | "AWAITING_CONFIRMATION", reason: string) {
  return db().$transaction(async (tx) => {
    const { count } = await tx.payout.updateMany({ where: { id: payout.id, status: from }, data: { status: "FAILED", lastError: reason.slice(0, 500) } });
    if (count === 0) return false;
    await postPayoutReturned(tx, { ...payout, projectId: payout.batch.projectId });
    return true;
  });
}

/** One payee's job: a Connect transfer, or a line awaiting the disbursement confirmation. */
export async function payHousehold(payoutId: string, attempt: { made: number; allowed: number }) {
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
  await db().payoutBatch.updateMany({
    where: { id: batchId, status: "EXECUTING" },
    data: awaiting > 0 ? { status: "AWAITING_CONFIRMATION" } : { status: "COMPLETED", finishedAt: new Date() },
  });
  return { awaiting };
}
