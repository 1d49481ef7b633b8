import type { ChildProcess } from "node:child_process";
import { afterAll, describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import { closeQueues, getQueue, QUEUES } from "~/queue/queues.server";
import { schedulerStates } from "~/queue/schedulers.server";
import { resetEnvCache } from "~/utils/env.server";
import { startWorkers } from "../../workers/runtime";
import { createBall, createPaidOrder, createTestProject, createTestUser } from "../support/factories";
import { freePort } from "../support/processes";
import { useOwnDatabase } from "../support/own-database";
import { startRedisServer } from "../support/redis-server";
import { waitFor } from "../support/wait";

// A Redis of this test's own, on a free port, without persistence: restarting it loses every key,
// as a production Redis without persistence does. Its own database too, so its outbox relay never
// takes another file's jobs into a Redis that is about to lose them.
useOwnDatabase("schedulers");
let redis: ChildProcess | undefined;


async function stopRedis(child: ChildProcess) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGKILL");
  await exited;
}


afterAll(async () => {
  if (redis) await stopRedis(redis);
});

describe("the queue store restarted empty", () => {
  it("come back by themselves after Redis restarts empty, run again, and the jobs it lost are done", { timeout: 120_000 }, async () => {
    const port = await freePort();
    redis = await startRedisServer(port);
    process.env.REDIS_URL = `redis://127.0.0.1:${port}`;
    resetEnvCache();
    // The periodic check is set far out: what must bring them back is the reconnect itself.
    const workers = await startWorkers({ concurrency: 1, expireEveryMs: 300, schedulerCheckMs: 3_600_000 });
    try {
      const present = async () => (await schedulerStates()).every((s) => s.present);
      expect(await present()).toBe(true);
      expect((await schedulerStates()).map((s) => s.key).sort()).toEqual(["check-invariants", "expire-balls", "expire-gift-links", "expire-orders", "reconcile-daily", "replant-overdue", "seal-public-log", "sweep-pending-redemptions"]);

      // A paid order's job is waiting in the queue (paused, so no worker takes it yet) when Redis goes.
      await getQueue(QUEUES.commerce).pause();
      const project = await createTestProject({ capacity: 1 });
      const cooperative = await db().cooperative.create({ data: { projectId: project.id, nameZh: "合作社", nameEn: "Co-op" } });
      const order = await createPaidOrder({ projectId: project.id, cooperativeId: cooperative.id, priceFen: 8_800n, costFen: 5_200n, quantity: 1 });
      await db().outboxEvent.create({ data: { topic: "order.paid", jobKey: `order-paid-${order.id}`, payload: { orderId: order.id } } });
      await waitFor(async () => (await db().outboxEvent.findUniqueOrThrow({ where: { jobKey: `order-paid-${order.id}` } })).dispatchedAt);

      await stopRedis(redis);
      redis = await startRedisServer(port); // same address, nothing in it
      await waitFor(present);

      // The lost job is sent again and done: the sale reaches the ledger once.
      await waitFor(async () => (await db().moneyTransaction.count({ where: { businessKey: `order-paid:${order.id}` } })) === 1);
      // And the schedules work: a ball past its time is expired by the restored schedule.
      const user = await createTestUser();
      const ball = await createBall(user.id, { grams: 52, ripe: true, expired: true });
      await waitFor(async () => (await db().energyBall.findUniqueOrThrow({ where: { id: ball.id } })).status === "EXPIRED");
    } finally {
      await workers.close();
      await closeQueues();
    }
  });
});
