import { createHash } from "node:crypto";
import pg from "pg";
import type { ServiceProcess } from "../support/processes";
import { startBenchWeb } from "./bench-web";
import { seedDatabase } from "../support/seed";
import { createFreshDatabase } from "../support/test-database";
import type { Row } from "./table";

// Cost must not grow with the data: the pages people open most, timed on the demo data grown to
// 1x, 10x and 100x of a launch-sized population (1x: 10,000 plots with their settled redemptions
// in the big forest, held by 1,000 people; 20,000 energy entries; 3,000 paid orders, 9,000 money
// entries). The viewer's own circle stays
// the same size (50 friends), as it would for a real person, while its history grows with the
// rest. Each page's median of sequential requests at each size, its ratio to its time at 1x.

const BASE = { plots: 10_000, holders: 1_000, entries: 20_000, sales: 3_000 };
const FRIENDS = 50;
const GUARDIAN_PLOTS = 1_000;
const REQUESTS = Number(process.env.BENCH_GROWTH_REQUESTS ?? 15);
const FACTORS = [1, 10, 100];

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

/** Adds rows up to `factor` times the base population (the rows for smaller factors are kept). */
type Sales = { line: string; clearing: string; households: string; ecology: string; platform: string };

/** The accounts and order line a grown sale posts to, from the demo data (its paid shop orders). */
export async function salesAccounts(client: pg.Client): Promise<Sales> {
  const line = (await client.query<{ id: string; projectId: string }>(`SELECT l.id, p."projectId" FROM "OrderLine" l JOIN "Product" p ON p.id = l."productId" LIMIT 1`)).rows[0]!;
  const account = async (kind: string, projectId: string | null) =>
    (await client.query<{ id: string }>(`SELECT id FROM "MoneyAccount" WHERE kind = $1::"MoneyAccountKind" AND ($2::text IS NULL OR "projectId" = $2) LIMIT 1`, [kind, projectId])).rows[0]!.id;
  return {
    line: line.id,
    clearing: await account("STRIPE_CLEARING", null),
    households: await account("HOUSEHOLD_PAYABLE", line.projectId),
    ecology: await account("ECOLOGY_FUND", line.projectId),
    platform: await account("PLATFORM_REVENUE", null),
  };
}

/** Paid orders' ledger postings, balanced (clearing in; households, ecology fund and platform out), 30,000 a statement. */
export async function growSales(client: pg.Client, first: number, last: number, sales: Sales) {
  for (let from = first; from <= last; from += 30_000) {
    const to = Math.min(last, from + 29_999);
    await client.query(`INSERT INTO "MoneyTransaction" (id, "businessKey", kind) SELECT 'gt-' || i, 'growth-order-paid:' || i, 'ORDER_PAID' FROM generate_series($1::int, $2::int) AS i`, [from, to]);
    await client.query(`
      INSERT INTO "MoneyEntry" ("transactionId", "accountId", "amountFen", "orderLineId")
      SELECT 'gt-' || i, a.account, a.share * (1000 + i % 500), a.line FROM generate_series($1::int, $2::int) AS i,
        (VALUES ($3, 1::bigint, $4), ($5, -1::bigint, NULL)) AS a(account, share, line)`, [from, to, sales.clearing, sales.line, sales.platform]);
    await client.query(`
      INSERT INTO "MoneyEntry" ("transactionId", "accountId", "amountFen")
      SELECT 'gt-' || i, a.account, a.fen FROM generate_series($1::int, $2::int) AS i,
        LATERAL (VALUES ($3, -100::bigint), ($4, -50::bigint), ($5, 150::bigint)) AS a(account, fen)`, [from, to, sales.households, sales.ecology, sales.platform]);
  }
}

export async function growTo(client: pg.Client, factor: number, from: number, forest: { id: string; start: number }, sales: Sales) {
  const plots = BASE.plots * factor;
  const holders = BASE.holders * factor;
  const first = BASE.plots * from + 1;
  await client.query(`
    INSERT INTO "User" (id, email, "passwordHash", "displayName", "inviteCode")
    SELECT 'g-' || i, 'g-' || i || '@growth.test', 'x', 'G ' || i, 'g-' || i FROM generate_series($1::int, $2::int) AS i`,
  [BASE.holders * from + 1, holders]);
  await client.query(`
    INSERT INTO "Redemption" (id, "userId", "projectId", quantity, "costGrams", "idempotencyKey", status, "grantedUnits", "settledAt", "certificateNumber")
    SELECT 'gr-' || i, 'g-' || (1 + i % $3::int), $4, 1, 10, 'gr-' || i, 'SETTLED', 1, now() - (i % 90) * interval '1 day', 'GC-' || i
    FROM generate_series($1::int, $2::int) AS i`, [first, plots, holders, forest.id]);
  await client.query(`
    INSERT INTO "Plot" (id, "projectId", "holderId", "redemptionId", code, "firstUnit", "unitCount", status)
    SELECT 'gp-' || i, $4, 'g-' || (1 + i % $3::int), 'gr-' || i, 'GP-' || i, $5::int + i, 1,
      (ARRAY['ALLOCATED', 'PLANTED', 'VERIFIED'])[1 + i % 3]::"PlotStatus"
    FROM generate_series($1::int, $2::int) AS i`, [first, plots, holders, forest.id, forest.start]);
  await client.query(`UPDATE "Project" SET "allocatedUnits" = $2::int + $3::int WHERE id = $1`, [forest.id, forest.start, plots + 1]);
  // Energy: the circle's history grows with the data (more days of collecting), spread over 60 days.
  await client.query(`
    INSERT INTO "EnergyEntry" ("userId", account, kind, grams, "idempotencyKey", "createdAt")
    SELECT 'g-' || (1 + i % $3::int), 'BALANCE', (ARRAY['COLLECT', 'STEAL', 'WATER'])[1 + i % 3]::"EnergyEntryKind", 1 + i % 50,
      'ge-' || i, now() - (i % 60) * interval '1 day'
    FROM generate_series($1::int, $2::int) AS i`, [BASE.entries * from + 1, BASE.entries * factor, FRIENDS]);
  await growSales(client, BASE.sales * from + 1, BASE.sales * factor, sales);
  await client.query("ANALYZE");
}

async function median(url: string, headers: Record<string, string>) {
  const times: number[] = [];
  const WARM = 10; // the JIT warms up on the first requests of a page
  for (let i = 0; i < REQUESTS + WARM; i++) {
    const started = performance.now();
    const response = await fetch(url, { headers });
    await response.arrayBuffer();
    if (response.status !== 200) throw new Error(`${url} answered ${response.status}`);
    if (i >= WARM) times.push(performance.now() - started);
  }
  return times.sort((a, b) => a - b)[Math.floor(times.length / 2)]!;
}

export async function growthBench(): Promise<Row[]> {
  const database = await createFreshDatabase("sapling_growth");
  const client = new pg.Client({ connectionString: database.url });
  let web: ServiceProcess | undefined;
  try {
    await seedDatabase(database.url);
    await client.connect();
    const forest = (await client.query<{ id: string; start: number }>(`SELECT id, "allocatedUnits" AS start FROM "Project" WHERE slug = 'sea-buckthorn-inner-mongolia'`)).rows[0]!;
    const consumer = (await client.query<{ id: string }>(`SELECT id FROM "User" WHERE email = 'consumer@sapling.demo'`)).rows[0]!.id;
    const guardian = (await client.query<{ id: string }>(`SELECT id FROM "User" WHERE email = 'guardian@sapling.demo'`)).rows[0]!.id;
    await client.query(`INSERT INTO "Session" ("tokenHash", "userId", "expiresAt") VALUES ($1, $2, now() + interval '1 day'), ($3, $4, now() + interval '1 day')`,
      [sha256("growth-consumer"), consumer, sha256("growth-guardian"), guardian]);
    const sales = await salesAccounts(client);
    // Pages timed as they are made: the visitors' page cache would answer most of them from memory.
    const started = await startBenchWeb(database.url, "growth", { PAGE_CACHE_MS: "0" });
    web = started.web;
    const base = started.base;
    const asConsumer = { authorization: "Bearer growth-consumer" };
    const asGuardian = { authorization: "Bearer growth-guardian" };
    const pages: [string, string, Record<string, string>][] = [
      ["/friends (leaderboard, all time)", "/friends?period=all", asConsumer],
      ["/friends (leaderboard, this week)", "/friends?period=week", asConsumer],
      ["/projects/:slug (the area page)", "/projects/sea-buckthorn-inner-mongolia", {}],
      ["/impact", "/impact", {}],
      ["/transparency", "/transparency", {}],
      [`/plots (a guardian with ${GUARDIAN_PLOTS.toLocaleString("en")} plots)`, "/plots", asGuardian],
    ];
    const times = new Map<string, number[]>();
    let grown = 0;
    for (const factor of FACTORS) {
      await growTo(client, factor, grown, forest, sales);
      if (grown === 0) {
        // The guardian's own plots: a fixed number, the first of the grown ones.
        await client.query(`UPDATE "Plot" SET "holderId" = $1 WHERE id IN (SELECT 'gp-' || i FROM generate_series(1, $2::int) AS i)`, [guardian, GUARDIAN_PLOTS]);
        await client.query(`
          INSERT INTO "Friendship" ("userId", "friendId") SELECT $1, 'g-' || i FROM generate_series(1, $2::int) AS i
          UNION ALL SELECT 'g-' || i, $1 FROM generate_series(1, $2::int) AS i ON CONFLICT DO NOTHING`, [consumer, FRIENDS]);
      }
      grown = factor;
      for (const [what, url, headers] of pages) times.set(what, [...(times.get(what) ?? []), await median(`${base}${url}`, headers)]);
    }
    return pages.map(([what]) => {
      const [one, ten, hundred] = times.get(what)!;
      return {
        what: `${what} at 100x the data`,
        rate: 1000 / hundred!,
        baseline: 1000 / one!,
        baselineWhat: "at 1x (pages/s, one at a time)",
        goal: 0.5,
        unit: " pages/s",
        note: `median ${one!.toFixed(0)} ms at 1x, ${ten!.toFixed(0)} ms at 10x, ${hundred!.toFixed(0)} ms at 100x`,
      };
    });
  } finally {
    await client.end().catch(() => undefined);
    await web?.stop();
    await database.drop();
  }
}
