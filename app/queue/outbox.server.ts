import { db } from "~/db/client.server";
import { logger } from "~/utils/logger.server";
import { JOBS, TOPICS, type OutboxTopic } from "./jobs.server";
import { getQueue, type QueueName } from "./queues.server";

// Writes that need a job insert an "OutboxEvent" row (jobs.server.ts `outboxRow`) in the same
// transaction; the relay turns rows into jobs, as TOPICS says.

export const JOB_RETENTION = {
  removeOnComplete: { age: 24 * 3600, count: 50_000 },
  removeOnFail: { age: 7 * 24 * 3600 },
  attempts: 8,
  backoff: { type: "exponential", delay: 500 },
} as const;

type PendingRow = { id: bigint; topic: string; jobKey: string; payload: Record<string, unknown> };

/**
 * Enqueues up to `limit` undispatched outbox rows; returns how many. Rows are claimed with
 * SKIP LOCKED so several relays can run at once; the job id is the row's business key, so a row
 * enqueued twice (crash between enqueue and commit) is still one job.
 */
export async function relayOutboxOnce(limit = 1000): Promise<number> {
  return db().$transaction(async (tx) => {
    const rows = await tx.$queryRaw<PendingRow[]>`
      SELECT id, topic, "jobKey", payload FROM "OutboxEvent"
      WHERE "dispatchedAt" IS NULL ORDER BY id LIMIT ${limit} FOR UPDATE SKIP LOCKED`;
    if (rows.length === 0) return 0;
    const jobs = new Map<string, { queue: QueueName; name: string; data: Record<string, unknown>; jobId: string }>();
    const dispatched: bigint[] = [];
    for (const row of rows) {
      const topic = Object.hasOwn(TOPICS, row.topic) ? TOPICS[row.topic as OutboxTopic] : undefined;
      const payload = topic?.payload.safeParse(row.payload);
      if (!topic || !payload?.success) {
        logger.error({ outboxId: String(row.id), topic: row.topic }, "outbox row with unknown topic or payload left undispatched");
        continue;
      }
      dispatched.push(row.id);
      const queue = JOBS[topic.job].queue;
      if ("batchKey" in topic) {
        // The id carries the newest row, so the job is created after that row committed and sees it.
        const { key, data } = topic.batchKey(payload.data as { projectId: string });
        jobs.set(key, { queue, name: topic.job, data, jobId: `${key}-${row.id}` });
      } else {
        jobs.set(row.jobKey, { queue, name: topic.job, data: payload.data, jobId: row.jobKey });
      }
    }
    for (const queue of new Set([...jobs.values()].map((job) => job.queue))) {
      const batch = [...jobs.values()].filter((job) => job.queue === queue);
      await getQueue(queue).addBulk(batch.map((job) => ({ name: job.name, data: job.data, opts: { ...JOB_RETENTION, jobId: job.jobId } })));
    }
    await tx.$executeRaw`UPDATE "OutboxEvent" SET "dispatchedAt" = now() WHERE id = ANY(${dispatched}::bigint[])`;
    return rows.length;
  });
}

/**
 * After the queue store lost its jobs (a Redis restarted without persistence), the outbox rows
 * dispatched lately are sent again: their jobs may have gone with it. Jobs keep their ids and are
 * idempotent on their business key, so a row whose job survived, or already did its work, changes
 * nothing. Returns how many rows will be sent again.
 */
export async function redispatchRecent(withinMs = 24 * 3600 * 1000): Promise<number> {
  return db().$executeRaw`UPDATE "OutboxEvent" SET "dispatchedAt" = NULL WHERE "dispatchedAt" > ${new Date(Date.now() - withinMs)}`;
}

export function startOutboxRelay(pollMs: number) {
  let stopped = false;
  let wake: (() => void) | undefined;
  const done = (async () => {
    while (!stopped) {
      let relayed = 0;
      try {
        relayed = await relayOutboxOnce();
        if (relayed > 0) logger.debug({ relayed }, "outbox relayed");
      } catch (error) {
        logger.error({ err: error }, "outbox relay failed; retrying");
      }
      if (relayed === 0 && !stopped) {
        await new Promise<void>((resolve) => {
          wake = resolve;
          setTimeout(resolve, pollMs);
        });
      }
    }
  })();
  return {
    async stop() {
      stopped = true;
      wake?.();
      await done;
    },
  };
}
