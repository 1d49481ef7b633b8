import type { Prisma } from "@prisma/client";
import type { Tx } from "~/db/client.server";
import { db } from "~/db/client.server";
import { logger } from "~/utils/logger.server";
import { QUEUES, getQueue, type QueueName } from "./queues.server";

// Each topic is one job family: the queue it goes to and the job name there.
const ROUTES = {
  "redemption.requested": { queue: QUEUES.redemption, job: "settle" },
} as const satisfies Record<string, { queue: QueueName; job: string }>;

export type OutboxTopic = keyof typeof ROUTES;

export const JOB_RETENTION = {
  removeOnComplete: { age: 24 * 3600, count: 50_000 },
  removeOnFail: { age: 7 * 24 * 3600 },
  attempts: 8,
  backoff: { type: "exponential", delay: 500 },
} as const;

/** Records a job to run, in the same transaction as the write that asks for it. */
export async function recordOutbox(tx: Tx, topic: OutboxTopic, jobKey: string, payload: Prisma.InputJsonObject) {
  await tx.outboxEvent.create({ data: { topic, jobKey, payload } });
}

type PendingRow = { id: bigint; topic: string; jobKey: string; payload: Record<string, unknown> };

/**
 * Enqueues up to `limit` undispatched outbox rows; returns how many. Rows are claimed with
 * SKIP LOCKED so several relays can run at once; the job id is the row's business key, so a row
 * enqueued twice (crash between enqueue and commit) is still one job.
 */
export async function relayOutboxOnce(limit = 200): Promise<number> {
  return db().$transaction(async (tx) => {
    const rows = await tx.$queryRaw<PendingRow[]>`
      SELECT id, topic, "jobKey", payload FROM "OutboxEvent"
      WHERE "dispatchedAt" IS NULL ORDER BY id LIMIT ${limit} FOR UPDATE SKIP LOCKED`;
    if (rows.length === 0) return 0;
    for (const row of rows) {
      const route = ROUTES[row.topic as OutboxTopic];
      if (!route) {
        logger.error({ outboxId: String(row.id), topic: row.topic }, "outbox row with unknown topic left undispatched");
        continue;
      }
      await getQueue(route.queue).add(route.job, row.payload, { ...JOB_RETENTION, jobId: row.jobKey });
    }
    await tx.$executeRaw`
      UPDATE "OutboxEvent" SET "dispatchedAt" = now()
      WHERE id = ANY(${rows.filter((r) => ROUTES[r.topic as OutboxTopic]).map((r) => r.id)}::bigint[])`;
    return rows.length;
  });
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
