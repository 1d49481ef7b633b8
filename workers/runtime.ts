import type { Job, Processor, Worker } from "bullmq";
import { startOutboxRelay } from "~/queue/outbox.server";
import { createWorker, QUEUES, type QueueName } from "~/queue/queues.server";
import { env } from "~/utils/env.server";
import { logContext, logger } from "~/utils/logger.server";
import { keepQueueStoreWhole } from "~/queue/schedulers.server";
import { processCommerce } from "./commerce.worker";
import { processEnergyMaintenance } from "./energy.worker";
import { processNotifications } from "./notifications.worker";
import { processPayouts } from "./payouts.worker";
import { processSettlement } from "./redemption.worker";

function withJobContext<Data>(queue: QueueName, processor: (job: Job<Data>) => Promise<unknown>): Processor<Data> {
  return (job) => logContext.run({ queue, jobId: job.id ?? "?", jobName: job.name }, () => processor(job));
}

/** Starts every queue's workers and the outbox relay in this process; returns how to stop them. */
export async function startWorkers(options: { concurrency?: number; expireEveryMs?: number; schedulerCheckMs?: number } = {}) {
  const concurrency = options.concurrency ?? env().WORKER_CONCURRENCY;
  const workers: Worker[] = [
    createWorker(QUEUES.redemption, withJobContext(QUEUES.redemption, processSettlement), { concurrency }),
    createWorker(QUEUES.energyMaintenance, withJobContext(QUEUES.energyMaintenance, processEnergyMaintenance), { concurrency: 1 }),
    createWorker(QUEUES.commerce, withJobContext(QUEUES.commerce, processCommerce), { concurrency }),
    createWorker(QUEUES.payouts, withJobContext(QUEUES.payouts, processPayouts), { concurrency }),
    createWorker(QUEUES.notifications, withJobContext(QUEUES.notifications, processNotifications), { concurrency }),
  ];
  for (const worker of workers) {
    worker.on("failed", (job, error) =>
      logger.warn({ queue: worker.name, jobId: job?.id, attempts: job?.attemptsMade, err: error }, "job failed"),
    );
    worker.on("error", (error) => logger.error({ queue: worker.name, err: error }, "worker error"));
  }
  await Promise.all(workers.map((worker) => worker.waitUntilReady()));
  // One schedule however many worker processes run: upserting it is idempotent, and each process
  // puts the schedules (and lost jobs) back after its queue store lost them (a Redis restarted
  // without persistence).
  const schedules = await keepQueueStoreWhole({ expireEveryMs: options.expireEveryMs, checkEveryMs: options.schedulerCheckMs });
  const relay = startOutboxRelay(env().OUTBOX_POLL_MS);
  logger.info({ queues: workers.map((w) => w.name), concurrency }, "workers started");

  return {
    async close() {
      await schedules.stop();
      await relay.stop();
      // Waits for active jobs to finish; a killed process leaves them to BullMQ's stalled-job recovery.
      await Promise.all(workers.map((worker) => worker.close()));
    },
  };
}
