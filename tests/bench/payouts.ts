import pg from "pg";
import { StripeFake } from "../support/stripe-fake";
import type { Row } from "./table";

// A payout batch of 100,000 payees (issue #19), built, approved and executed against the local
// Stripe fake through the real SDK, each step against a hand-written baseline in the same run:
// building against one INSERT … SELECT of the same rows (a payout and its two ledger entries per
// payee, the least a reservation writes); executing against the SDK making the same transfers in a
// bare loop of the same width (no database). It also counts Stripe requests per payee: a batch
// must cost one each (it cost about n/100 when every payee listed the batch's transfers).

const PAYEES = Number(process.env.BENCH_PAYEES ?? 100_000);
/** Payees paid at once, as the workers' concurrency would. */
const WIDTH = 16;
/** The bare loop's rate is measured on at most this many transfers. */
const BASELINE_AT_MOST = 20_000;

async function inParallel(count: number, width: number, task: (i: number) => Promise<unknown>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < count) await task(next++);
    }),
  );
}

/** A project with `count` households, each owed 5,000 fen by one sale posted in the ledger (setup, not timed). */
async function seed(client: pg.Client, count: number) {
  const tag = Date.now().toString(36);
  const {
    rows: [project],
  } = await client.query<{ id: string }>(
    `INSERT INTO "Project" (id, slug, kind, "nameZh", "nameEn", "countyZh", "countyEn", "codePrefix", "unitCostGrams", capacity)
     VALUES ($1, $1, 'FOREST', '基准', 'Bench', '-', '-', $2, 10, 1) RETURNING id`,
    [`bench-payouts-${tag}`, `BP${tag.toUpperCase()}`],
  );
  const projectId = project!.id;
  await client.query(`INSERT INTO "Cooperative" (id, "projectId", "nameZh", "nameEn", "stripeAccountId") VALUES ($1, $2, '合作社', 'Co-op', 'acct_bench')`, [`coop-${tag}`, projectId]);
  await client.query(
    `INSERT INTO "Household" (id, "projectId", "registrationCode", "headName", village, county, "cooperativeId", members, weight, "payoutMethod", "updatedAt")
     SELECT 'hh-' || $3 || '-' || i, $1, 'BP-' || $3 || '-' || lpad(i::text, 6, '0'), 'Head ' || i, 'Village', 'County', $2, 3, 1, 'STRIPE_CONNECT', now()
     FROM generate_series(1, $4::int) i`,
    [projectId, `coop-${tag}`, tag, count],
  );
  await client.query(
    `INSERT INTO "MoneyAccount" (id, key, kind, "householdId", "projectId") SELECT 'ma-' || h.id, 'household:' || h.id, 'HOUSEHOLD_PAYABLE', h.id, $1 FROM "Household" h WHERE h."projectId" = $1`,
    [projectId],
  );
  await client.query(`INSERT INTO "MoneyAccount" (id, key, kind) VALUES ('ma-stripe-clearing', 'stripe-clearing', 'STRIPE_CLEARING') ON CONFLICT (key) DO NOTHING`);
  await client.query(`INSERT INTO "MoneyTransaction" (id, "businessKey", kind) VALUES ($1, $1, 'ORDER_PAID')`, [`bench-sale-${tag}`]);
  await client.query(
    `INSERT INTO "MoneyEntry" ("transactionId", "accountId", "amountFen")
     SELECT $1, a.id, -5000 FROM "MoneyAccount" a WHERE a."projectId" = $2 AND a.kind = 'HOUSEHOLD_PAYABLE'
     UNION ALL SELECT $1, (SELECT id FROM "MoneyAccount" WHERE key = 'stripe-clearing'), 5000 * $3::bigint`,
    [`bench-sale-${tag}`, projectId, count],
  );
  return projectId;
}

/** The least a reservation writes, by hand: per payee a payout row and two entries, in one statement each. */
async function insertBaseline(client: pg.Client, count: number) {
  await client.query("BEGIN");
  const started = performance.now();
  await client.query(`CREATE TEMP TABLE bench_payout (id text PRIMARY KEY, household text, amount bigint) ON COMMIT DROP`);
  await client.query(`CREATE TEMP TABLE bench_entry (id bigserial PRIMARY KEY, tx text, account text, amount bigint) ON COMMIT DROP`);
  await client.query(`INSERT INTO bench_payout SELECT 'p' || i, 'h' || i, 5000 FROM generate_series(1, $1::int) i`, [count]);
  await client.query(`INSERT INTO bench_entry (tx, account, amount) SELECT id, household, amount FROM bench_payout UNION ALL SELECT id, 'transit', -amount FROM bench_payout`);
  const ms = performance.now() - started;
  await client.query("ROLLBACK");
  return ms;
}

export async function payoutBench(databaseUrl: string): Promise<Row[]> {
  const fake = new StripeFake();
  const { host, port } = await fake.start();
  Object.assign(process.env, { STRIPE_SECRET_KEY: "sk_test_bench", STRIPE_WEBHOOK_SECRET: "whsec_bench", STRIPE_API_BASE: `http://${host}:${port}` });
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { db } = await import("~/db/client.server");
    const { buildBatch, approveBatch } = await import("~/payouts/batches.server");
    const { payPayee, finaliseBatch, PAYOUT_ATTEMPTS } = await import("~/payouts/execute.server");
    const { stripeClient } = await import("~/commerce/stripe-client.server");
    const projectId = await seed(client, PAYEES);
    const [maker, checker] = await Promise.all(
      ["maker", "checker"].map((who) =>
        db().user.create({ data: { email: `${who}-${projectId}@bench.test`, passwordHash: "-", displayName: who, role: "OPERATOR" } }),
      ),
    );

    let started = performance.now();
    const built = await buildBatch({ kind: "HOUSEHOLDS", projectId, periodStart: new Date(0), periodEnd: new Date(Date.now() + 1000), minimumFen: 1_000n, builtById: maker!.id });
    const buildMs = performance.now() - started;
    if (!built.ok || built.plan.payCount !== PAYEES) throw new Error(`the bench batch should pay ${PAYEES}`);
    const baselineBuildMs = await insertBaseline(client, PAYEES);

    started = performance.now();
    const approved = await approveBatch(built.batchId, checker!.id);
    if (!approved.ok) throw new Error(`approval refused: ${approved.reason}`);
    const approveMs = performance.now() - started;

    const ids = (await db().payout.findMany({ where: { batchId: built.batchId }, select: { id: true } })).map((p) => p.id);
    const requestsBefore = fake.requests.length;
    started = performance.now();
    await inParallel(ids.length, WIDTH, async (i) => {
      const result = await payPayee(ids[i]!, { made: 0, allowed: PAYOUT_ATTEMPTS });
      if (result.status !== "paid") throw new Error(`payout ${ids[i]} ended ${result.status}`);
    });
    await finaliseBatch(built.batchId);
    const executeMs = performance.now() - started;
    const requestsPerPayee = (fake.requests.length - requestsBefore) / PAYEES;

    const baselineCount = Math.min(PAYEES, BASELINE_AT_MOST);
    const stripe = stripeClient();
    started = performance.now();
    await inParallel(baselineCount, WIDTH, (i) =>
      stripe.transfers.create({ amount: 5000, currency: "cny", destination: "acct_bench", transfer_group: "bench-baseline" }, { idempotencyKey: `bench-baseline-${i}` }),
    );
    const baselineExecuteMs = performance.now() - started;

    const perSecond = (count: number, ms: number) => count / (ms / 1000);
    const n = PAYEES.toLocaleString("en");
    console.log(`payouts: built ${n} in ${(buildMs / 1000).toFixed(1)} s, approved in ${approveMs.toFixed(0)} ms, executed in ${(executeMs / 1000).toFixed(1)} s (${requestsPerPayee.toFixed(2)} Stripe requests per payee)`);
    return [
      { what: `payout batch, ${n} payees: build`, rate: perSecond(PAYEES, buildMs), baseline: perSecond(PAYEES, baselineBuildMs), baselineWhat: "INSERT … SELECT of the same rows", note: `${(buildMs / 1000).toFixed(1)} s` },
      {
        what: `payout batch, ${n} payees: execute`,
        rate: perSecond(PAYEES, executeMs),
        baseline: perSecond(baselineCount, baselineExecuteMs),
        baselineWhat: "bare SDK transfer loop",
        note: `${(executeMs / 1000).toFixed(1)} s; ${requestsPerPayee.toFixed(2)} Stripe requests/payee; approve ${approveMs.toFixed(0)} ms`,
      },
    ];
  } finally {
    await client.end();
    await fake.stop();
  }
}

// Alone: `tsx tests/bench/payouts.ts` (BENCH_PAYEES=10000 for a quick look), on a fresh database.
if (import.meta.url === `file://${process.argv[1]}`) {
  const { createFreshDatabase } = await import("../support/test-database");
  const { printTable } = await import("./table");
  const database = await createFreshDatabase("sapling_bench_payouts");
  Object.assign(process.env, { DATABASE_URL: database.url, LOG_LEVEL: "warn" });
  try {
    printTable(await payoutBench(database.url));
  } finally {
    const { closeDatabase } = await import("~/db/client.server");
    await closeDatabase();
    await database.drop();
  }
}
