import { describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import { checkInvariants, lastInvariantReport, runInvariantChecks } from "~/ledger/invariants.server";
import { processEnergyMaintenance } from "../../workers/energy.worker";
import { createTestProject, createTestUser } from "../support/factories";

// The ledgers' invariants as the scheduled job checks them. Breaking one is done inside a
// transaction that is rolled back, so the other test files running meanwhile never see it.

class Rollback extends Error {}

/** The report for a database broken by `breakIt`, seen from inside the transaction that broke it. */
async function reportWhenBroken(breakIt: (tx: Parameters<Parameters<ReturnType<typeof db>["$transaction"]>[0]>[0]) => Promise<unknown>) {
  let report: Awaited<ReturnType<typeof checkInvariants>> | undefined;
  await db()
    .$transaction(async (tx) => {
      await breakIt(tx);
      report = await checkInvariants(new Date(), tx);
      throw new Rollback();
    })
    .catch((error) => {
      if (!(error instanceof Rollback)) throw error;
    });
  return report!;
}

describe("the ledgers' invariants on a schedule", () => {
  it("hold on a working database; the job keeps its report for /ops", async () => {
    const result = (await processEnergyMaintenance({ name: "check-invariants", data: {} })) as { ok: boolean };
    const report = await lastInvariantReport();
    // (Another file may be between two writes of a cached balance at this moment: the job's answer
    // is the report's, and what no test ever leaves half-done holds.)
    expect(report!.ok).toBe(result.ok);
    expect(report).toMatchObject({ money: { unbalanced: 0 }, tallies: { drifted: 0 }, payables: { mismatched: 0 }, energy: { conserved: true } });
    expect(Date.now() - Date.parse(report!.at)).toBeLessThan(60_000);
    // Run again: the report is replaced, not added to.
    await runInvariantChecks();
    expect(await db().appMeta.count({ where: { key: "invariants" } })).toBe(1);
  });

  it("name a money transaction that does not sum to zero", async () => {
    const report = await reportWhenBroken(async (tx) => {
      const account = await tx.moneyAccount.create({ data: { key: `test:broken:${Date.now()}`, kind: "FEES" } });
      await tx.moneyTransaction.create({ data: { id: "broken-transaction", businessKey: "broken:one-sided", kind: "TEST", entries: { create: [{ accountId: account.id, amountFen: 100n }] } } });
    });
    expect(report).toMatchObject({ ok: false, money: { unbalanced: 1, examples: ["broken:one-sided"] } });
  });

  it("count a cached energy balance that differs from its entries", async () => {
    const user = await createTestUser({ grams: 500 });
    const report = await reportWhenBroken((tx) => tx.user.update({ where: { id: user.id }, data: { energyBalance: 501 } }));
    expect(report).toMatchObject({ ok: false, energy: { balanceMismatches: 1 } });
  });

  it("name a household payable and the money in transit that differ from the payouts they stand for", async () => {
    const project = await createTestProject({ capacity: 10 });
    const operator = await createTestUser({ role: "OPERATOR" });
    const household = await db().household.create({
      data: { projectId: project.id, registrationCode: `INV-${project.slug}`, headName: "Head", village: "Village", county: "County", members: 3, weight: 1, payoutMethod: "DISBURSEMENT_LIST" },
    });
    // A payout the ledger never reserved: neither the household's payable nor the money in
    // transit accounts for it.
    const report = await reportWhenBroken(async (tx) => {
      const batch = await tx.payoutBatch.create({ data: { projectId: project.id, periodStart: new Date(), periodEnd: new Date(), minimumFen: 0n, builtById: operator.id } });
      await tx.payout.create({ data: { batchId: batch.id, householdId: household.id, payableKey: `household:${household.id}`, amountFen: 100n, method: "DISBURSEMENT_LIST" } });
    });
    expect(report).toMatchObject({ ok: false, payables: { mismatched: 2, examples: ["in-transit", `household:${household.id}`] } });
  });
});
