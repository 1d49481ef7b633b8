import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, inject, it } from "vitest";
import { useOwnDatabase } from "../support/own-database";
import { startService, type ServiceProcess } from "../support/processes";
import { apiHandler, callRoute } from "../support/routes";

// A launch flood on its own database and queue namespace, so that PostgreSQL's deadlock counter
// and the queues see this test alone (and its killed worker loses no other file's job).
const USERS = 1_000;
const REQUESTS = 3_000;
const CAPACITY = 1_500;
const COST = 10;

const own = useOwnDatabase("flood");
const workers: ServiceProcess[] = [];

afterAll(async () => {
  await Promise.all(workers.map((worker) => worker.stop()));
});

function startWorker() {
  const worker = startService("workers/main.ts", {
    DATABASE_URL: own.url(),
    REDIS_URL: inject("redisUrl"),
    QUEUE_PREFIX: own.queuePrefix,
    WORKER_CONCURRENCY: "4",
    OUTBOX_POLL_MS: "50",
    WORKER_LOCK_MS: "5000",
  });
  workers.push(worker);
  return worker;
}

async function deadlocksSoFar() {
  const { db } = await import("~/db/client.server");
  const [row] = await db().$queryRaw<{ deadlocks: bigint }[]>`SELECT deadlocks FROM pg_stat_database WHERE datname = current_database()`;
  return Number(row!.deadlocks);
}

async function inParallel(count: number, width: number, task: (i: number) => Promise<unknown>) {
  let next = 0;
  await Promise.all(Array.from({ length: width }, async () => {
    while (next < count) await task(next++);
  }));
}

describe("a launch flood with a worker killed and another started midway", () => {
  it(
    "serves strictly in arrival order, takes no deadlock, and answers every request without a 5xx",
    { timeout: 600_000 },
    async () => {
      const { db, closeDatabase } = await import("~/db/client.server");
      const { checkLedger } = await import("~/energy/ledger.server");
      const { arrivalOrderBreaches, createTestProject, createUsersInBulk } = await import("../support/factories");

      const project = await createTestProject({ capacity: CAPACITY, unitCostGrams: COST, kind: "PROTECTED_AREA" });
      const tag = randomUUID().slice(0, 8);
      await createUsersInBulk(`fl-${tag}`, USERS, 100);
      // Bearer tokens made in bulk (the session table keeps their SHA-256): logging 1,000 people in is not the point.
      await db().$executeRaw`
        INSERT INTO "Session" ("tokenHash", "userId", "expiresAt")
        SELECT encode(sha256(convert_to('fl-token-' || ${tag} || '-' || i, 'UTF8')), 'hex'),
               'fl-' || ${tag} || '-' || i, now() + interval '1 day'
        FROM generate_series(1, ${USERS}) AS i`;
      const deadlocksBefore = await deadlocksSoFar();

      // Requests pile up first (more than capacity, several batches deep), then two workers settle
      // while requests keep coming; one is killed outright mid-way and a third starts later.
      const answers = new Map<number, number>();
      const refusals = new Set<string>();
      await inParallel(REQUESTS, 32, async (n) => {
        if (n === 2_200) {
          startWorker();
          startWorker();
        }
        if (n === 2_500) workers[0]!.child.kill("SIGKILL"); // no chance to finish its batch
        if (n === 2_800) startWorker();
        const user = (n % USERS) + 1;
        const answer = await callRoute(apiHandler, {
          method: "POST",
          path: "/api/v1/redemptions",
          headers: { "Content-Type": "application/json", Authorization: `Bearer fl-token-${tag}-${user}` },
          body: JSON.stringify({ projectId: project.id, quantity: n % 5 === 0 ? 3 : 1, idempotencyKey: `flood-request-${n}` }),
        });
        answers.set(answer.status, (answers.get(answer.status) ?? 0) + 1);
        if (answer.status !== 202) refusals.add(String(answer.body?.error?.code));
      });
      expect([...answers.keys()].filter((status) => status >= 500)).toEqual([]);
      expect([...refusals].filter((code) => code !== "sold_out")).toEqual([]);

      const deadline = Date.now() + 300_000;
      while ((await db().redemption.count({ where: { projectId: project.id, status: "PENDING" } })) > 0) {
        if (Date.now() > deadline) throw new Error(`settlement did not finish:\n${workers.map((w) => w.output().slice(-3_000)).join("\n")}`);
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
      await Promise.all(workers.map((worker) => worker.stop()));
      // Backends report their counters when they end: the workers' have, and so do ours now.
      await closeDatabase();
      expect(await deadlocksSoFar()).toBe(deadlocksBefore);
      expect(workers.map((w) => w.output()).join("\n")).not.toMatch(/deadlock/i);

      expect(await arrivalOrderBreaches(project.id)).toEqual([]);
      const { allocatedUnits } = await db().project.findUniqueOrThrow({ where: { id: project.id } });
      expect(allocatedUnits).toBe(CAPACITY); // demand (about 4,200 m²) exceeds it: every m² is taken
      const [units] = await db().$queryRaw<{ units: bigint; plots: bigint }[]>`
        SELECT COALESCE(SUM("unitCount"), 0) AS units, count(*) AS plots FROM "Plot" WHERE "projectId" = ${project.id}`;
      expect(Number(units!.units)).toBe(CAPACITY);
      const [overlaps] = await db().$queryRaw<{ count: bigint }[]>`
        SELECT count(*) FROM (
          SELECT "firstUnit" + "unitCount" AS "end", lead("firstUnit") OVER (ORDER BY "firstUnit") AS next FROM "Plot" WHERE "projectId" = ${project.id}
        ) t WHERE "end" > next`;
      expect(Number(overlaps!.count)).toBe(0); // no m² held by two people
      expect(await checkLedger()).toMatchObject({ ok: true });
    },
  );

  it("lets a request through while a settlement holds its project, and a refund to that user then takes no deadlock", async () => {
    const { db, closeDatabase } = await import("~/db/client.server");
    const { lockProjectForSettlement } = await import("~/redemption/settle.server");
    const { requestRedemption } = await import("~/redemption/redeem.server");
    const { createTestProject, createTestUser } = await import("../support/factories");
    const project = await createTestProject({ capacity: 10, unitCostGrams: 10 });
    const user = await createTestUser({ grams: 100 });
    const deadlocksBefore = await deadlocksSoFar();
    await db().$transaction(async (tx) => {
      await lockProjectForSettlement(tx, project.id);
      // A request arrives while the batch holds the project: it locks its user, then its insert
      // needs the project's key. It must not wait for the settlement.
      let done = false;
      const request = requestRedemption({ userId: user.id, projectId: project.id, quantity: 1, idempotencyKey: randomUUID() }).finally(() => (done = true));
      for (;;) {
        if (done) break;
        const [waiting] = await db().$queryRaw<{ count: bigint }[]>`
          SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE '%"Redemption"%'`;
        if (Number(waiting!.count) > 0) break; // it is waiting on a lock: the refund below would close a cycle
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      // The batch then refunds that same user, as a batch that ran out of capacity does.
      await tx.$executeRaw`UPDATE "User" SET "energyBalance" = "energyBalance" + 0 WHERE id = ${user.id}`;
      expect(await request).toMatchObject({ status: "PENDING" });
    });
    await closeDatabase();
    expect(await deadlocksSoFar()).toBe(deadlocksBefore);
  });
});
