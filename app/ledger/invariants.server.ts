import { db, type Tx } from "~/db/client.server";
import { checkLedger } from "~/energy/ledger.server";
import { moneyTallyDrift } from "~/payouts/transparency.server";
import { tallyDrift } from "~/projects/area.server";
import { logger } from "~/utils/logger.server";
import { unbalancedTransactions } from "./money-ledger.server";

// The ledgers' invariants, checked on a schedule (issue #19), not only by tests: every energy
// balance and open ball equals its entries and energy is conserved; every money transaction sums
// to zero; the tallies the public pages read equal what they count; payables equal the items they
// stand for (what the ledger holds in transit is the payouts under way, and what each household's
// payable (household, cooperative, ecology fund) lost to payouts is its payouts not failed or cancelled, less what Stripe reversed). A broken one is logged at
// error and shown on /ops until a later check finds it whole.

const REPORT_KEY = "invariants";
/** How many offenders a report names (the rest are counted). */
const NAMED = 10;

export type InvariantReport = {
  at: string;
  ok: boolean;
  energy: { conserved: boolean; balanceMismatches: number; ballMismatches: number };
  money: { unbalanced: number; examples: string[] };
  tallies: { drifted: number; examples: string[] };
  payables: { mismatched: number; examples: string[] };
};

/** Payables whose ledger balance differs from the payouts they stand for: "in-transit", or the payable's key ("household:<id>", "cooperative:<id>", "ecology-fund:<project>"). */
async function payableMismatches(client: Pick<Tx, "$queryRaw">): Promise<string[]> {
  // One statement each, so each compares one snapshot (a payout and its posting commit together).
  const [transit] = await client.$queryRaw<{ ledger: bigint; items: bigint }[]>`
    SELECT
      (SELECT COALESCE(-sum(e."amountFen"), 0) FROM "MoneyEntry" e JOIN "MoneyAccount" a ON a.id = e."accountId" WHERE a.kind = 'PAYOUTS_IN_TRANSIT')::bigint AS ledger,
      (SELECT COALESCE(sum("amountFen"), 0) FROM "Payout" WHERE status IN ('PENDING', 'PROCESSING', 'AWAITING_CONFIRMATION'))::bigint AS items`;
  const payables = await client.$queryRaw<{ key: string }[]>`
    WITH ledger AS (
      SELECT a.key, sum(e."amountFen") AS fen
      FROM "MoneyEntry" e JOIN "MoneyAccount" a ON a.id = e."accountId" JOIN "MoneyTransaction" t ON t.id = e."transactionId"
      WHERE a.kind IN ('HOUSEHOLD_PAYABLE', 'COOPERATIVE_PAYABLE', 'ECOLOGY_FUND') AND t.kind LIKE 'PAYOUT%' GROUP BY 1
    ), items AS (
      SELECT "payableKey" AS key, sum("amountFen" - "reversedFen") AS fen FROM "Payout" WHERE status IN ('PENDING', 'PROCESSING', 'AWAITING_CONFIRMATION', 'PAID') GROUP BY 1
    )
    SELECT COALESCE(l.key, i.key) AS key FROM ledger l FULL JOIN items i ON i.key = l.key
    WHERE COALESCE(l.fen, 0) <> COALESCE(i.fen, 0) ORDER BY 1`;
  return [...(transit && BigInt(transit.ledger) !== BigInt(transit.items) ? ["in-transit"] : []), ...payables.map((row) => row.key)];
}

/** The checks, on the database or (tests) inside a transaction. */
export async function checkInvariants(now = new Date(), client: Pick<Tx, "$queryRaw"> = db()): Promise<InvariantReport> {
  const [energy, unbalanced, counts, money, payables] = await Promise.all([
    checkLedger(client),
    unbalancedTransactions(client),
    tallyDrift(client),
    moneyTallyDrift(client),
    payableMismatches(client),
  ]);
  const drifted = [...counts.map((row) => `${row.projectId}:${row.what}`), ...money.map((row) => `${row.projectId}:${row.figure}`)];
  return {
    at: now.toISOString(),
    ok: energy.ok && unbalanced.length === 0 && drifted.length === 0 && payables.length === 0,
    energy: { conserved: energy.conserved, balanceMismatches: energy.balanceMismatches, ballMismatches: energy.ballMismatches },
    money: { unbalanced: unbalanced.length, examples: unbalanced.slice(0, NAMED) },
    tallies: { drifted: drifted.length, examples: drifted.slice(0, NAMED) },
    payables: { mismatched: payables.length, examples: payables.slice(0, NAMED) },
  };
}

/** The scheduled job: checks, keeps the report for /ops, and logs at error when anything is broken. */
export async function runInvariantChecks(): Promise<InvariantReport> {
  const report = await checkInvariants();
  const value = JSON.stringify(report);
  await db().appMeta.upsert({ where: { key: REPORT_KEY }, create: { key: REPORT_KEY, value }, update: { value } });
  if (!report.ok) logger.error({ report }, "ledger invariants broken");
  return report;
}

/** The last check's report, or null before the first. */
export async function lastInvariantReport(): Promise<InvariantReport | null> {
  const row = await db().appMeta.findUnique({ where: { key: REPORT_KEY } });
  return row ? (JSON.parse(row.value) as InvariantReport) : null;
}
