import type { Job } from "bullmq";
import { requestDailyReconciliation, runReconciliation } from "~/ledger/reconciliation.server";
import { finaliseBatch, payHousehold, startBatch } from "~/payouts/execute.server";

// How often the scheduler checks that yesterday's reconciliation was requested (it is, once).

/** Payout batches (a flow per batch) and reconciliation runs; each job is idempotent. */
export async function processPayouts(job: Job<{ batchId?: string; payoutId?: string; runId?: string }>) {
  switch (job.name) {
    case "start-batch":
      return startBatch(job.data.batchId!);
    case "pay-household":
      return payHousehold(job as Job<{ payoutId: string }>);
    case "finalise-batch":
      return finaliseBatch(job.data.batchId!);
    case "reconcile":
      return runReconciliation(job.data.runId!);
    case "reconcile-daily":
      return { runId: (await requestDailyReconciliation()).id };
    default:
      throw new Error(`unknown payouts job ${job.name}`);
  }
}
