import { logger } from "~/utils/logger.server";
import { redispatchRecent } from "./outbox.server";
import { JOBS, type JobName } from "./jobs.server";
import { getQueue, onQueueConnectionReady, queueStoreKeptItsJobs, type QueueName } from "./queues.server";

export const EXPIRE_BALLS_EVERY_MS = 60_000;
export const SWEEP_EVERY_MS = 15_000;
export const EXPIRE_ORDERS_EVERY_MS = 60_000;
export const EXPIRE_GIFT_LINKS_EVERY_MS = 10 * 60_000;
export const CHECK_INVARIANTS_EVERY_MS = 3600_000;
export const RECONCILE_CHECK_EVERY_MS = 3600_000;
export const REPLANT_OVERDUE_EVERY_MS = 3600_000;
/** Days of the public log are sealed within this long of the end of the day (plus SEAL_AFTER_MS). */
export const SEAL_PUBLIC_LOG_EVERY_MS = 15 * 60_000;
/** How often a worker process checks that every scheduler is still there (a reconnect checks at once). */
export const SCHEDULER_CHECK_MS = 60_000;

type Scheduler = { queue: QueueName; key: string; job: JobName; every: number };

const every = (key: string, job: JobName, ms: number): Scheduler => ({ queue: JOBS[job].queue, key, job, every: ms });

/** The recurring jobs of a deployment: one schedule each, however many worker processes run. */
export function schedulers(options: { expireEveryMs?: number } = {}): Scheduler[] {
  return [
    every("expire-balls", "expire-balls", options.expireEveryMs ?? EXPIRE_BALLS_EVERY_MS),
    every("sweep-pending-redemptions", "sweep", SWEEP_EVERY_MS),
    every("expire-orders", "expire-orders", EXPIRE_ORDERS_EVERY_MS),
    every("expire-gift-links", "expire-gift-links", EXPIRE_GIFT_LINKS_EVERY_MS),
    every("check-invariants", "check-invariants", CHECK_INVARIANTS_EVERY_MS),
    every("reconcile-daily", "reconcile-daily", RECONCILE_CHECK_EVERY_MS),
    every("replant-overdue", "replant-overdue", REPLANT_OVERDUE_EVERY_MS),
    every("seal-public-log", "seal-public-log", SEAL_PUBLIC_LOG_EVERY_MS),
  ];
}

/** Puts every scheduler in place; upserting is idempotent, so any process may do it any time. */
export async function ensureSchedulers(options: { expireEveryMs?: number } = {}) {
  for (const s of schedulers(options)) {
    await getQueue(s.queue).upsertJobScheduler(
      s.key,
      { every: s.every },
      { name: s.job, opts: { removeOnComplete: { count: 100 }, removeOnFail: { count: 1000 } } },
    );
  }
}

/**
 * Schedulers and waiting jobs live in the queue store: a Redis restarted without persistence comes
 * back with none. A worker process checks when its queue connection is ready again, and every
 * minute in case they went some other way (a flush, a failover to an empty replica): it puts the
 * schedulers back, and when the store was emptied, sends the outbox rows of the last day again
 * (their jobs are idempotent and keep their ids).
 */
export async function keepQueueStoreWhole(options: { expireEveryMs?: number; checkEveryMs?: number } = {}) {
  let running: Promise<void> | undefined;
  const restore = async (why: string) => {
    if (!(await queueStoreKeptItsJobs())) {
      const again = await redispatchRecent();
      if (again) logger.warn({ why, outboxRows: again }, "the queue store lost its jobs: sending the last day's outbox rows again");
    }
    await ensureSchedulers(options);
    logger.debug({ why }, "job schedulers in place");
  };
  const check = (why: string) => {
    running ??= restore(why)
      .catch((error) => logger.warn({ err: error, why }, "could not restore the queue store; retrying at the next check"))
      .finally(() => (running = undefined));
  };
  await restore("start-up"); // a failure here (no queue store at all) stops the process from starting
  const timer = setInterval(() => check("periodic check"), options.checkEveryMs ?? SCHEDULER_CHECK_MS);
  timer.unref();
  const stopListening = onQueueConnectionReady(() => check("queue connection ready"));
  return {
    async stop() {
      clearInterval(timer);
      stopListening();
      await running;
    },
  };
}

export type SchedulerState = { queue: QueueName; key: string; every: number; present: boolean; next: string | null };

/** What operators see: each scheduler that should exist, whether it does, and when it runs next. */
export async function schedulerStates(): Promise<SchedulerState[]> {
  const expected = schedulers();
  const found = new Map<string, { next?: number | null }>();
  for (const queue of new Set(expected.map((s) => s.queue))) {
    for (const scheduler of await getQueue(queue).getJobSchedulers()) found.set(`${queue}:${scheduler.key}`, scheduler);
  }
  return expected.map((s) => {
    const present = found.get(`${s.queue}:${s.key}`);
    return { queue: s.queue, key: s.key, every: s.every, present: !!present, next: present?.next ? new Date(present.next).toISOString() : null };
  });
}
