// npm run bench: one table of rates, each against a baseline measured in the same run.
// Settlement on a launch-day replay, batched (what the workers do) against the naive baseline of
// one transaction per redemption and against pgbench's simple-update on the same server;
// reconciliation against a Map join of the same items (reconciliation.ts); the HTTP front door
// against pgbench and /healthz (http.ts); pages on data grown 100x against the same pages at 1x
// (growth.ts); a 100,000-payee payout batch against hand-written baselines (payouts.ts); a county
// laid out in 1-m² cells against reading its file (layout.ts).
// BENCH_REDEMPTIONS=1000000 replays a million; BENCH_PAYEES sets the batch's size.
import { randomUUID } from "node:crypto";
import os from "node:os";
import { createFreshDatabase } from "../support/test-database";
import { growthBench } from "./growth";
import { httpBench } from "./http";
import { layoutBench } from "./layout";
import { payoutBench } from "./payouts";
import { pgbench } from "./pgbench";
import { reconciliationBench } from "./reconciliation";
import { printTable, type Row } from "./table";

const USERS = Number(process.env.BENCH_USERS ?? 2_000);
const REDEMPTIONS = Number(process.env.BENCH_REDEMPTIONS ?? 20_000);
const WORKERS = Number(process.env.BENCH_WORKERS ?? 2);
const SEED_PEAK_PER_SECOND = 8_000;
const NAIVE_AT_MOST = 20_000;

async function inParallel(count: number, width: number, task: (i: number) => Promise<unknown>) {
  let next = 0;
  await Promise.all(Array.from({ length: width }, async () => {
    while (next < count) await task(next++);
  }));
}

async function main() {
  const database = await createFreshDatabase("sapling_bench");
  process.env.DATABASE_URL = database.url;
  process.env.LOG_LEVEL = "warn";
  const { db, closeDatabase } = await import("~/db/client.server");
  const { requestRedemption, RedemptionRefused } = await import("~/redemption/redeem.server");
  const { settleProject, settleRedemption } = await import("~/redemption/settle.server");
  const { createUsersInBulk } = await import("../support/factories");
  try {
    const tag = randomUUID().slice(0, 6);
    const userId = await createUsersInBulk(`b-${tag}`, USERS, 1_000_000);

    const results: Record<string, { seconds: number; perSecond: number }> = {};
    for (const mode of ["naive", "batched"] as const) {
      // The naive baseline is a rate: measured on at most 20,000 (a million would take hours).
      const count = mode === "naive" ? Math.min(REDEMPTIONS, NAIVE_AT_MOST) : REDEMPTIONS;
      // Demand exceeds capacity by a third, as on launch day.
      const project = await db().project.create({
        data: { slug: `bench-${mode}-${tag}`, kind: "FOREST", nameZh: "基准", nameEn: "Bench", countyZh: "-", countyEn: "-",
          codePrefix: `B${mode[0]!.toUpperCase()}${tag.toUpperCase()}`, unitCostGrams: 10, capacity: Math.floor(count * 0.75), opensAt: new Date(0) },
      });
      const requested = Date.now();
      const ids: string[] = [];
      await inParallel(count, 24, async (n) => {
        try {
          const r = await requestRedemption({ userId: userId((n % USERS) + 1), projectId: project.id, quantity: 1, idempotencyKey: `${mode}-${n}` });
          ids.push(r.id);
        } catch (error) {
          if (!(error instanceof RedemptionRefused)) throw error;
        }
      });
      const requestSeconds = (Date.now() - requested) / 1000;
      // Requests stop being accepted once sold out on paper; hold capacity back so settlement has real work.
      await db().project.update({ where: { id: project.id }, data: { capacity: Math.floor(ids.length * 0.75) } });

      const started = Date.now();
      if (mode === "naive") await inParallel(ids.length, 8, (i) => settleRedemption(ids[i]!));
      else await Promise.all(Array.from({ length: WORKERS }, () => settleProject(project.id)));
      const seconds = (Date.now() - started) / 1000;
      const pending = await db().redemption.count({ where: { projectId: project.id, status: "PENDING" } });
      if (pending) throw new Error(`${mode}: ${pending} left pending`);
      results[mode] = { seconds, perSecond: ids.length / seconds };
      console.log(`${mode.padEnd(8)} requests: ${ids.length} in ${requestSeconds.toFixed(1)} s (${(ids.length / requestSeconds).toFixed(0)}/s); settled in ${seconds.toFixed(2)} s = ${results[mode].perSecond.toFixed(0)} settlements/s`);
    }
    const simpleUpdate = await pgbench(database.url, "simple-update", 8);
    const settled = results.batched!.perSecond;
    const rows: Row[] = [
      { what: `settlement, ${REDEMPTIONS.toLocaleString("en")} redemptions, batched`, rate: settled, baseline: results.naive!.perSecond, baselineWhat: "one transaction each" },
      { what: "settlement, batched", rate: settled, baseline: simpleUpdate, baselineWhat: "pgbench simple-update TPS", goal: 1 },
      { what: "settlement, batched", rate: settled, baseline: SEED_PEAK_PER_SECOND, baselineWhat: "the seed's launch peak" },
    ];
    const reconciliation = reconciliationBench();
    rows.push({ what: reconciliation.what, rate: reconciliation.items / (reconciliation.ms / 1000), baseline: reconciliation.items / (reconciliation.baselineMs / 1000), baselineWhat: "Map join of the same items", goal: 1 / 1.5, note: `${reconciliation.ms.toFixed(0)} ms vs ${reconciliation.baselineMs.toFixed(0)} ms` });
    rows.push(...layoutBench());
    rows.push(...(await payoutBench(database.url)));
    rows.push(...(await httpBench()));
    rows.push(...(await growthBench()));
    console.log(`\n${new Date().toISOString().slice(0, 10)}, ${os.cpus().length} cores (${os.cpus()[0]?.model.trim()}), Node ${process.version}\n`);
    printTable(rows);
  } finally {
    await closeDatabase();
    await database.drop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
