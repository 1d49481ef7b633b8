import { requestDailyReconciliation, runReconciliation } from "~/ledger/reconciliation.server";
import { finaliseBatch, payPayee, startBatch } from "~/payouts/execute.server";
import { processorFor } from "~/queue/jobs.server";
import { QUEUES } from "~/queue/queues.server";

const pay = ({ payoutId }: { payoutId: string }, job: { attemptsMade?: number; opts?: { attempts?: number } }) =>
  payPayee(payoutId, { made: job.attemptsMade ?? 0, allowed: job.opts?.attempts ?? 1 });

/** Payout batches (a flow per batch) and reconciliation runs; each job is idempotent. */
export const processPayouts = processorFor(QUEUES.payouts, {
  "start-batch": ({ batchId }) => startBatch(batchId),
  "pay-payee": pay,
  "pay-household": pay,
  "finalise-batch": ({ batchId }) => finaliseBatch(batchId),
  reconcile: ({ runId }) => runReconciliation(runId),
  // The scheduler checks hourly that yesterday's reconciliation was requested (it is, once).
  "reconcile-daily": async () => ({ runId: (await requestDailyReconciliation()).id }),
});
