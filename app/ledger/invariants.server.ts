import { db, type Tx } from "~/db/client.server";
import { checkLedger } from "~/energy/ledger.server";
import { moneyTallyDrift } from "~/payouts/transparency.server";
import { tallyDrift } from "~/projects/area.server";
import { logger } from "~/utils/logger.server";
import { unbalancedTransactions } from "./money-ledger.server";

// The ledgers' invariants, checked on a schedule (issue #19), not only by tests: every energy
// balance and open ball equals its entries and energy is conserved; every money transaction sums
// to zero; the tallies the public pages read equal what they count. A broken one is logged at
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
};

/** The checks, on the database or (tests) inside a transaction. */
export async function checkInvariants(now = new Date(), client: Pick<Tx, "$queryRaw"> = db()): Promise<InvariantReport> {
  const [energy, unbalanced, counts, money] = await Promise.all([checkLedger(client), unbalancedTransactions(client), tallyDrift(client), moneyTallyDrift(client)]);
  const drifted = [...counts.map((row) => `${row.projectId}:${row.what}`), ...money.map((row) => `${row.projectId}:${row.figure}`)];
  return {
    at: now.toISOString(),
    ok: energy.ok && unbalanced.length === 0 && drifted.length === 0,
    energy: { conserved: energy.conserved, balanceMismatches: energy.balanceMismatches, ballMismatches: energy.ballMismatches },
    money: { unbalanced: unbalanced.length, examples: unbalanced.slice(0, NAMED) },
    tallies: { drifted: drifted.length, examples: drifted.slice(0, NAMED) },
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
