// npm run bench: settlement throughput on a launch-day replay, batched (what the workers do) against
// the naive baseline of one transaction per redemption, measured in the same run on the same data;
// then reconciliation against a Map join of the same items (tests/bench/reconciliation.ts).
import { randomUUID } from "node:crypto";
import { createFreshDatabase } from "../support/test-database";
import { reconciliationBench } from "./reconciliation";

const USERS = Number(process.env.BENCH_USERS ?? 2_000);
const REDEMPTIONS = Number(process.env.BENCH_REDEMPTIONS ?? 20_000);
const WORKERS = Number(process.env.BENCH_WORKERS ?? 2);
const SEED_PEAK_PER_SECOND = 8_000;

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
      // Demand exceeds capacity by a third, as on launch day.
      const project = await db().project.create({
        data: { slug: `bench-${mode}-${tag}`, kind: "FOREST", nameZh: "基准", nameEn: "Bench", countyZh: "-", countyEn: "-",
          codePrefix: `B${mode[0]!.toUpperCase()}${tag.toUpperCase()}`, unitCostGrams: 10, capacity: Math.floor(REDEMPTIONS * 0.75), opensAt: new Date(0) },
      });
      const requested = Date.now();
      const ids: string[] = [];
      await inParallel(REDEMPTIONS, 24, async (n) => {
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
    const ratio = results.batched!.perSecond / results.naive!.perSecond;
    console.log(`\nbatched / naive: ${ratio.toFixed(1)}x`);
    console.log(`batched vs the seed's 8,000 redemptions/s peak: ${(results.batched!.perSecond / SEED_PEAK_PER_SECOND).toFixed(2)}x`);
    const reconciliation = reconciliationBench();
    console.log(`\n${reconciliation.what}: ${reconciliation.ms.toFixed(0)} ms; Map-join baseline ${reconciliation.baselineMs.toFixed(0)} ms; ratio ${reconciliation.ratio.toFixed(2)}x`);
  } finally {
    await closeDatabase();
    await database.drop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
