import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, inject, it } from "vitest";
import { db } from "~/db/client.server";
import { checkLedger } from "~/energy/ledger.server";
import { RedemptionRefused, requestRedemption } from "~/redemption/redeem.server";
import { arrivalOrderBreaches, createTestProject, createUsersInBulk } from "../support/factories";
import { startService, type ServiceProcess } from "../support/processes";

// Half the seed's first-hour peak: enough for batches hundreds deep behind a kill, and minutes,
// not ten, on a 2-core machine (the intake here is one test process, not the web tier).
const USERS = 5_000;
const REDEMPTIONS_PER_USER = 10;
const CAPACITY = 30_000;
const COST = 10;

const workers: ServiceProcess[] = [];
afterAll(async () => {
  await Promise.all(workers.map((worker) => worker.stop()));
});

function startWorker() {
  const worker = startService("workers/main.ts", {
    DATABASE_URL: inject("databaseUrl"),
    REDIS_URL: inject("redisUrl"),
    QUEUE_PREFIX: inject("queuePrefix"),
    WORKER_CONCURRENCY: "2",
    OUTBOX_POLL_MS: "50",
  });
  workers.push(worker);
  return worker;
}

/** Runs `tasks` with at most `width` at a time. */
async function inParallel(count: number, width: number, task: (i: number) => Promise<unknown>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < count) await task(next++);
    }),
  );
}

async function statusCounts(projectId: string) {
  const rows = await db().$queryRaw<{ status: string; count: bigint }[]>`
    SELECT status, count(*) AS count FROM "Redemption" WHERE "projectId" = ${projectId} GROUP BY status`;
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.count)])) as Partial<Record<"PENDING" | "SETTLED" | "REFUNDED", number>>;
}

describe("launch day", () => {
  it(
    "settles 50,000 redemptions from 5,000 users with several workers, one killed mid-batch, to exactly the capacity",
    { timeout: 900_000 },
    async () => {
      const project = await createTestProject({ capacity: CAPACITY, unitCostGrams: COST });
      const tag = randomUUID().slice(0, 8);
      // Users with energy for 10 trees each, made in bulk: the test is about settlement.
      const userId = await createUsersInBulk(`ld-${tag}`, USERS, COST * REDEMPTIONS_PER_USER);

      for (let i = 0; i < 3; i++) startWorker();
      let killed = false;
      const killer = (async () => {
        // Once settlement is under way, kill one worker outright (SIGKILL: no chance to finish its batch).
        while (!killed) {
          const counts = await statusCounts(project.id);
          if ((counts.SETTLED ?? 0) >= 10_000) {
            workers[0]!.child.kill("SIGKILL");
            killed = true;
            startWorker();
          }
          await new Promise((resolve) => setTimeout(resolve, 250));
        }
      })();

      // Once capacity is taken, new requests are refused at once (sold out) instead of queued.
      let refusedAtOnce = 0;
      const started = Date.now();
      await inParallel(USERS * REDEMPTIONS_PER_USER, 24, async (n) => {
        try {
          await requestRedemption({ userId: userId((n % USERS) + 1), projectId: project.id, quantity: 1, idempotencyKey: `ld-${n}` });
        } catch (error) {
          if (!(error instanceof RedemptionRefused && error.reason === "sold_out")) throw error;
          refusedAtOnce += 1;
        }
      });
      console.info(`launch day: ${USERS * REDEMPTIONS_PER_USER} requests in ${((Date.now() - started) / 1000).toFixed(1)} s, ${refusedAtOnce} refused at once`);

      const deadline = Date.now() + 300_000;
      for (;;) {
        const counts = await statusCounts(project.id);
        if (!counts.PENDING && killed) break;
        if (Date.now() > deadline) throw new Error(`settlement did not finish: ${JSON.stringify(counts)}`);
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
      await killer;

      const counts = await statusCounts(project.id);
      console.info(`launch day: all settled ${((Date.now() - started) / 1000).toFixed(1)} s after the first request`);
      expect(counts.SETTLED).toBe(CAPACITY);
      // Arrival order, across three workers, a kill and a replacement: nobody refunded before a later arrival.
      expect(await arrivalOrderBreaches(project.id)).toEqual([]);
      expect((counts.REFUNDED ?? 0) + refusedAtOnce).toBe(USERS * REDEMPTIONS_PER_USER - CAPACITY);
      const [plots] = await db().$queryRaw<{ plots: bigint; units: bigint; distinct: bigint; max: number }[]>`
        SELECT count(*) AS plots, SUM("unitCount") AS units, count(DISTINCT "firstUnit") AS distinct, MAX("firstUnit") AS max
        FROM "Plot" WHERE "projectId" = ${project.id}`;
      expect(plots).toEqual({ plots: BigInt(CAPACITY), units: BigInt(CAPACITY), distinct: BigInt(CAPACITY), max: CAPACITY - 1 });
      expect((await db().project.findUniqueOrThrow({ where: { id: project.id } })).allocatedUnits).toBe(CAPACITY);

      // Energy conserved per user: what is left plus what became trees is what they had.
      const [users] = await db().$queryRaw<{ wrong: bigint; escrow: bigint }[]>`
        SELECT
          (SELECT count(*) FROM "User" u WHERE u.id LIKE ${`ld-${tag}-%`} AND u."energyBalance" +
            ${COST} * (SELECT count(*) FROM "Plot" p WHERE p."holderId" = u.id) <> ${COST * REDEMPTIONS_PER_USER}) AS wrong,
          (SELECT COALESCE(SUM(grams), 0) FROM "EnergyEntry" WHERE account = 'ESCROW' AND "userId" LIKE ${`ld-${tag}-%`}) AS escrow`;
      expect(users).toEqual({ wrong: 0n, escrow: 0n });
      expect(await checkLedger()).toMatchObject({ ok: true });
      expect(workers[0]!.child.signalCode).toBe("SIGKILL");
    },
  );
});
