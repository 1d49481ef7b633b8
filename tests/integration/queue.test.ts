import { randomUUID } from "node:crypto";
import { afterEach, describe, expect, it, vi } from "vitest";
import { db } from "~/db/client.server";
import { JOB_RETENTION, relayOutboxOnce } from "~/queue/outbox.server";
import { closeQueues, getQueue, QUEUES } from "~/queue/queues.server";
import { requestRedemption } from "~/redemption/redeem.server";
import { resetEnvCache } from "~/utils/env.server";
import { startWorkers } from "../../workers/runtime";
import { createBall, createTestProject, createTestUser, expectLedgerConsistent, ledgerTotals } from "../support/factories";
import { waitFor } from "../support/wait";

afterEach(expectLedgerConsistent);


// The settlement function with a switch that makes its next call fail, as a worker dying mid-job would.
const fault = vi.hoisted(() => ({ failNext: false, fired: 0 }));
vi.mock("~/redemption/settle.server", async (importOriginal) => {
  const real = await importOriginal<typeof import("~/redemption/settle.server")>();
  return {
    ...real,
    // The per-project settlement the relay's jobs run (a mock of anything else would never fire).
    settleProject: async (projectId: string) => {
      if (fault.failNext) {
        fault.failNext = false;
        fault.fired += 1;
        throw new Error("worker died mid-job");
      }
      return real.settleProject(projectId);
    },
  };
});

const settledStatus = (id: string) => async () => {
  const row = await db().redemption.findUniqueOrThrow({ where: { id } });
  return row.status === "PENDING" ? null : row.status;
};

// Both queue backends: Redis (production default) and BullMQ's PostgreSQL backend (npm start without Redis).
describe.each(["redis", "postgres"] as const)("outbox relay and settlement worker on %s", (backend) => {
  const redisUrl = process.env.REDIS_URL;

  afterEach(async () => {
    fault.failNext = false;
    await closeQueues();
    process.env.REDIS_URL = redisUrl;
    resetEnvCache();
  });

  async function start() {
    if (backend === "postgres") delete process.env.REDIS_URL;
    resetEnvCache();
    return startWorkers({ concurrency: 4, expireEveryMs: 300 });
  }

  it("settles a requested redemption without anyone calling the worker directly", async () => {
    const workers = await start();
    try {
      const user = await createTestUser({ grams: 500 });
      const project = await createTestProject({ capacity: 3, unitCostGrams: 200 });
      const { id } = await requestRedemption({ userId: user.id, projectId: project.id, quantity: 1, idempotencyKey: randomUUID() });
      expect(await waitFor(settledStatus(id))).toBe("SETTLED");
      expect(await db().outboxEvent.findUniqueOrThrow({ where: { jobKey: `redemption-${id}` } })).toMatchObject({
        dispatchedAt: expect.any(Date),
      });
    } finally {
      await workers.close();
    }
  });

  it("expires overdue energy balls through the job scheduler", async () => {
    const user = await createTestUser();
    const ball = await createBall(user.id, { grams: 52, ripe: true, expired: true });
    const workers = await start();
    try {
      const status = await waitFor(async () => {
        const row = await db().energyBall.findUniqueOrThrow({ where: { id: ball.id } });
        return row.status === "EXPIRED" ? row.status : null;
      });
      expect(status).toBe("EXPIRED");
      const schedulers = await getQueue(QUEUES.energyMaintenance).getJobSchedulers();
      expect(schedulers.map((s) => s.key)).toContain("expire-balls");
    } finally {
      await workers.close();
    }
  });

  it("settles once when the outbox row is dispatched twice and the first attempt dies", async () => {
    if (backend === "postgres") delete process.env.REDIS_URL;
    resetEnvCache();
    const user = await createTestUser({ grams: 500 });
    const project = await createTestProject({ capacity: 3, unitCostGrams: 200 });
    const { id } = await requestRedemption({ userId: user.id, projectId: project.id, quantity: 1, idempotencyKey: randomUUID() });
    await relayOutboxOnce();
    // A relay that crashed before recording the dispatch sends the same row again.
    await db().outboxEvent.update({ where: { jobKey: `redemption-${id}` }, data: { dispatchedAt: null } });
    await relayOutboxOnce();

    fault.failNext = true;
    const firedBefore = fault.fired;
    const workers = await start();
    try {
      expect(await waitFor(settledStatus(id))).toBe("SETTLED");
    } finally {
      await workers.close();
    }
    expect(fault.fired).toBe(firedBefore + 1); // the first attempt did die
    expect(await db().plot.count({ where: { redemptionId: id } })).toBe(1);
    expect(await ledgerTotals(user.id)).toEqual({ balance: 300, escrow: 0 });
  });

  it("fails a job that can never succeed at once, without its retries: an unknown name, or data that does not fit", async () => {
    const workers = await start();
    try {
      const queue = getQueue(QUEUES.commerce);
      const tag = randomUUID();
      await queue.addBulk([
        { name: "no-such-job", data: {}, opts: { ...JOB_RETENTION, jobId: `unknown-${tag}` } },
        { name: "fulfil-order", data: { order: "typo" }, opts: { ...JOB_RETENTION, jobId: `bad-data-${tag}` } },
      ]);
      for (const jobId of [`unknown-${tag}`, `bad-data-${tag}`]) {
        const failed = await waitFor(async () => {
          const job = await queue.getJob(jobId);
          return job && (await job.isFailed()) ? job : null;
        });
        // JOB_RETENTION allows 8 attempts: one was made.
        expect(failed.attemptsMade).toBe(1);
        expect(failed.failedReason).toMatch(jobId.startsWith("unknown") ? /unknown commerce job no-such-job/ : /unusable data: orderId/);
      }
    } finally {
      await workers.close();
    }
  });
});
