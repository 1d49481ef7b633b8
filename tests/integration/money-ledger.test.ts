import { randomBytes } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import { accounts, balanceOf, postOrderPaid, postOrderRefunded, postTransaction, UnbalancedTransaction, unbalancedTransactions } from "~/ledger/money-ledger.server";
import { lineMoney } from "~/money/revenue-share";
import { processCommerce } from "../../workers/commerce.worker";
import { importHouseholds } from "~/payouts/households.server";
import { createPaidOrder, createTestProject, expectLedgerConsistent } from "../support/factories";

afterEach(expectLedgerConsistent);
afterEach(async () => expect(await unbalancedTransactions()).toEqual([]));

const RULE = { householdBp: 6_000, ecologyBp: 2_500, platformBp: 1_500 };

async function projectWithHouseholds(weights: number[]) {
  const project = await createTestProject({ capacity: 10 });
  const cooperative = await db().cooperative.create({ data: { projectId: project.id, nameZh: "合作社", nameEn: `Co-op ${project.slug}` } });
  const tag = randomBytes(3).toString("hex").toUpperCase();
  const csv = [
    "registration_code,head_of_household,village,county,cooperative,members,weight,payout_method,status",
    ...weights.map((w, i) => `H${tag}-${i + 1},Head ${i + 1},Village,County,,3,${w},disbursement_list,active`),
  ].join("\n");
  const imported = await importHouseholds(project.id, csv);
  expect(imported).toMatchObject({ ok: true, created: weights.length, rejected: [] });
  const households = await db().household.findMany({ where: { projectId: project.id }, orderBy: { registrationCode: "asc" } });
  return { project, cooperative, households };
}

const paidOrder = (projectId: string, cooperativeId: string, priceFen: bigint, costFen: bigint, quantity: number) =>
  createPaidOrder({ projectId, cooperativeId, priceFen, costFen, quantity });

describe("the money ledger", () => {
  it("posts a paid order once, balanced, with the household pool split by weight to the fen", async () => {
    const { project, cooperative, households } = await projectWithHouseholds([1, 2, 3]);
    const order = await paidOrder(project.id, cooperative.id, 8_800n, 5_200n, 3); // pool: 6,480 fen
    expect(await postOrderPaid(order.id)).toBe(true);
    expect(await postOrderPaid(order.id)).toBe(false);
    expect(await db().moneyTransaction.count({ where: { orderId: order.id } })).toBe(1);
    const shares = await Promise.all(households.map((h) => balanceOf(`household:${h.id}`)));
    expect(shares).toEqual([-1_080n, -2_160n, -3_240n]);
    expect(await balanceOf(`cooperative:${cooperative.id}`)).toBe(-15_600n);
    expect(await balanceOf(`ecology-fund:${project.id}`)).toBe(-2_700n);
  });

  it("holds the pool unallocated where a project has no active households yet", async () => {
    const { project, cooperative } = await projectWithHouseholds([]);
    const order = await paidOrder(project.id, cooperative.id, 1_000n, 400n, 1);
    await postOrderPaid(order.id);
    expect(await balanceOf(`household-pool-unallocated:${project.id}`)).toBe(-360n);
  });

  it("reverses refunds in proportion, ignores late smaller totals, and a full refund leaves every account as before", async () => {
    const { project, cooperative, households } = await projectWithHouseholds([1, 1, 1]);
    const order = await paidOrder(project.id, cooperative.id, 999n, 333n, 1);
    await postOrderPaid(order.id);
    expect(await postOrderRefunded(order.id, 400n)).toBe(true);
    expect(await postOrderRefunded(order.id, 400n)).toBe(false);
    expect(await postOrderRefunded(order.id, 999n)).toBe(true);
    expect(await postOrderRefunded(order.id, 400n)).toBe(false);
    const keys = [`cooperative:${cooperative.id}`, `ecology-fund:${project.id}`, ...households.map((h) => `household:${h.id}`)];
    expect(await Promise.all(keys.map(balanceOf))).toEqual(keys.map(() => 0n));
  });

  it("stays balanced over many orders of odd amounts, the pools adding up exactly", async () => {
    const weights = [1, 3, 5, 7, 2];
    const { project, cooperative, households } = await projectWithHouseholds(weights);
    let pool = 0n;
    for (let i = 0; i < 40; i++) {
      const price = BigInt(101 + ((i * 7919) % 9_000));
      const cost = price / BigInt(2 + (i % 3));
      const order = await paidOrder(project.id, cooperative.id, price, cost, 1 + (i % 4));
      pool += lineMoney(price, cost, 1 + (i % 4), RULE).householdFen;
      await postOrderPaid(order.id);
    }
    const owed = (await Promise.all(households.map((h) => balanceOf(`household:${h.id}`)))).map((b) => -b);
    expect(owed.reduce((a, b) => a + b, 0n)).toBe(pool);
    // Weights respected: a heavier household is never owed less.
    households.forEach((h, i) => households.forEach((g, j) => (h.weight > g.weight ? expect(owed[i]! >= owed[j]!).toBe(true) : null)));
  });

  it("refuses to record a transaction that does not sum to zero, and the check finds one that slipped in", async () => {
    await expect(
      db().$transaction((tx) =>
        postTransaction(tx, `test:${randomBytes(4).toString("hex")}`, "TEST", null, [
          { account: accounts.platform(), amountFen: -100n },
          { account: accounts.stripeClearing(), amountFen: 99n },
        ]),
      ),
    ).rejects.toBeInstanceOf(UnbalancedTransaction);
    const key = `test:${randomBytes(4).toString("hex")}`;
    await db().$transaction((tx) => postTransaction(tx, key, "TEST", null, [{ account: accounts.platform(), amountFen: -1n }, { account: accounts.stripeClearing(), amountFen: 1n }]));
    const entry = await db().moneyEntry.findFirstOrThrow({ where: { transactionId: `mt_${key}`, amountFen: 1n } });
    await db().moneyEntry.update({ where: { id: entry.id }, data: { amountFen: 2n } });
    expect(await unbalancedTransactions()).toEqual([key]);
    await db().moneyEntry.update({ where: { id: entry.id }, data: { amountFen: 1n } });
  });

  it("posts from the commerce jobs, once however often they run, even when the refund's job runs first", async () => {
    const { project, cooperative, households } = await projectWithHouseholds([2, 1]);
    const order = await paidOrder(project.id, cooperative.id, 2_000n, 800n, 1);
    const job = (name: string, data: Record<string, string>) => ({ name, data }) as Parameters<typeof processCommerce>[0];
    // The refund's job, delivered before the sale's (queues promise no order).
    expect(await processCommerce(job("order-refunded", { orderId: order.id, refundedFen: "2000" }))).toEqual({ posted: true });
    expect(await processCommerce(job("fulfil-order", { orderId: order.id }))).toEqual({ posted: false, fulfilled: 1 });
    expect(await processCommerce(job("fulfil-order", { orderId: order.id }))).toEqual({ posted: false, fulfilled: 0 });
    expect(await Promise.all(households.map((h) => balanceOf(`household:${h.id}`)))).toEqual([0n, 0n]);
    expect(await db().moneyTransaction.count({ where: { orderId: order.id } })).toBe(2);
  });
});
