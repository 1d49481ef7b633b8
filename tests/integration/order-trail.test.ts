import { describe, expect, it } from "vitest";
import { orderOfPublicReceipt, orderTrail, publicReceiptToken } from "~/commerce/order-trail.server";
import { recordBatch } from "~/commerce/batches.server";
import { traceView } from "~/commerce/trace.server";
import { shipLine } from "~/commerce/shipping.server";
import { db } from "~/db/client.server";
import { recordPatrol } from "~/evidence/evidence.server";
import { postOrderPaid, postOrderRefunded } from "~/ledger/money-ledger.server";
import { createPaidOrder, createTestProject, createTestUser } from "../support/factories";
import { uniquePhoto } from "../support/images";
import { useOwnDatabase } from "../support/own-database";

// The fen trail of an order and of a product batch (app/commerce/order-trail.server.ts), in a database of this file's
// own: its payouts are written directly, without the ledger's reservation, which the invariant
// checks of other files would rightly call broken.

useOwnDatabase("order_trail");

describe("an order's fen trail", () => {
  it("follows the households' share into the payout batches that paid it, counts what waits, and shrinks with a refund", async () => {
    const project = await createTestProject({ capacity: 10 });
    const cooperative = await db().cooperative.create({ data: { nameZh: "合作社", nameEn: "Co-op", projectId: project.id } });
    const [first, second] = await Promise.all(
      [1, 3].map((weight, i) =>
        db().household.create({
          data: { projectId: project.id, registrationCode: `OT-${i}`, headName: `Sun ${i}`, village: "Guanba", county: "Pingwu", members: 2, weight, payoutMethod: i ? "DISBURSEMENT_LIST" : "STRIPE_CONNECT" },
        }),
      ),
    );
    const order = await createPaidOrder({ projectId: project.id, cooperativeId: cooperative.id, priceFen: 10_000n, costFen: 6_000n, quantity: 1 });
    expect(await orderTrail(order.id)).toMatchObject({ posted: false, households: 0 });
    await postOrderPaid(order.id);
    // 2,400 fen by weight 1 : 3.
    expect(await orderTrail(order.id)).toEqual({ posted: true, householdFen: "2400", households: 2, batches: [], waiting: { households: 2, fen: "2400" } });

    const operator = await createTestUser({ role: "OPERATOR" });
    const batch = (periodEnd: Date, status: "COMPLETED" | "EXECUTING") =>
      db().payoutBatch.create({ data: { projectId: project.id, periodStart: new Date("2026-01-01T00:00:00+08:00"), periodEnd, minimumFen: 0n, builtById: operator.id, status } });
    const payout = (batchId: string, household: { id: string }, status: "PAID" | "FAILED", transferId?: string) =>
      db().payout.create({ data: { batchId, householdId: household.id, payableKey: `household:${household.id}`, amountFen: 5_000n, method: transferId ? "STRIPE_CONNECT" : "DISBURSEMENT_LIST", status, transferId } });
    // A batch whose period ended before the sale did not carry it.
    const before = await batch(new Date(Date.now() - 86_400_000), "COMPLETED");
    await payout(before.id, first!, "PAID", "tr_before");
    // The next: the first household's transfer went out; the second's disbursement failed.
    const next = await batch(new Date(Date.now() + 86_400_000), "COMPLETED");
    await payout(next.id, first!, "PAID", "tr_next");
    await payout(next.id, second!, "FAILED");
    const trail = await orderTrail(order.id);
    expect(trail.batches).toEqual([{ id: next.id, from: "2026-01-01", to: expect.any(String), status: "COMPLETED", households: 1, fen: "600", transfers: ["tr_next"], disbursed: 0 }]);
    expect(trail.waiting).toEqual({ households: 1, fen: "1800" });
    // The one after paid the second from its list.
    const later = await batch(new Date(Date.now() + 2 * 86_400_000), "EXECUTING");
    await payout(later.id, second!, "PAID");
    expect((await orderTrail(order.id)).batches.map((b) => [b.id, b.households, b.fen, b.disbursed])).toEqual([
      [next.id, 1, "600", 0],
      [later.id, 1, "1800", 1],
    ]);
    expect(JSON.stringify(await orderTrail(order.id))).not.toMatch(/OT-|Sun /);

    // Refunded in full: nothing of it is the households' any more.
    await postOrderRefunded(order.id, 10_000n);
    expect(await orderTrail(order.id)).toEqual({ posted: true, householdFen: "0", households: 0, batches: [], waiting: { households: 0, fen: "0" } });
  });

  it("follows a batch's packs to the households and payout batches, beside the patrols of its harvest window", async () => {
    const project = await createTestProject({ capacity: 100, unitCostGrams: 1, kind: "PROTECTED_AREA" });
    const cooperative = await db().cooperative.create({ data: { nameZh: "合作社", nameEn: "Co-op", projectId: project.id } });
    const household = await db().household.create({
      data: { projectId: project.id, registrationCode: "TR-1", headName: "Zhou Min", village: "Guanba", county: "Pingwu", members: 4, weight: 1, payoutMethod: "STRIPE_CONNECT" },
    });
    const operator = await createTestUser({ role: "OPERATOR" });
    const order = await createPaidOrder({ projectId: project.id, cooperativeId: cooperative.id, priceFen: 10_000n, costFen: 6_000n, quantity: 2 });
    const [line] = await db().orderLine.findMany({ where: { orderId: order.id } });
    const batch = await recordBatch(operator.id, { productId: line!.productId, harvestFrom: "2026-09-01", harvestTo: "2026-09-30", quantity: 10, section: 1 });
    expect((await traceView(batch.traceCode))!.trail).toBeNull();

    const patrolled = await recordPatrol({ projectId: project.id, occurredOn: "2026-09-15", route: "ridge", observations: "two takins", photos: [uniquePhoto()], recordedById: operator.id });
    await recordPatrol({ projectId: project.id, occurredOn: "2026-10-15", route: "ridge", observations: "after the harvest", photos: [uniquePhoto()], recordedById: operator.id });
    expect(await shipLine(operator.id, { lineId: line!.id, carrier: "SF", tracking: "SF1234567" })).toEqual({ orderId: order.id, traceCode: batch.traceCode });
    await postOrderPaid(order.id);
    const next = await db().payoutBatch.create({ data: { projectId: project.id, periodStart: new Date("2026-01-01T00:00:00+08:00"), periodEnd: new Date(Date.now() + 86_400_000), minimumFen: 0n, builtById: operator.id, status: "COMPLETED" } });
    await db().payout.create({ data: { batchId: next.id, householdId: household.id, payableKey: `household:${household.id}`, amountFen: 4_800n, method: "STRIPE_CONNECT", status: "PAID", transferId: "tr_batch" } });

    const trace = await traceView(batch.traceCode);
    expect(trace).toMatchObject({ code: batch.traceCode, section: 1, quantity: 10, shipped: 2, harvestFrom: "2026-09-01", harvestTo: "2026-09-30" });
    expect(trace!.patrols.map((p) => p.id)).toEqual([(patrolled as { id: string }).id]);
    // 60 % of a 8,000 fen surplus, all to the one household, carried by the batch.
    expect(trace!.trail).toMatchObject({ householdFen: "4800", households: 1, batches: [{ id: next.id, households: 1, fen: "4800", transfers: ["tr_batch"] }], waiting: { households: 0 } });
    expect(JSON.stringify(trace)).not.toMatch(/TR-1|Zhou Min/);
    expect(await traceView("NOSUCHCODE")).toBeNull();
  });

  it("opens a public receipt only by its signed link", () => {
    const token = publicReceiptToken("cmorder123");
    expect(orderOfPublicReceipt(token)).toBe("cmorder123");
    expect(orderOfPublicReceipt(token.replace("cmorder123", "cmorder124"))).toBeNull();
    expect(orderOfPublicReceipt(`${token.slice(0, -1)}${token.endsWith("A") ? "B" : "A"}`)).toBeNull();
    expect(orderOfPublicReceipt("cmorder123")).toBeNull();
    expect(orderOfPublicReceipt("")).toBeNull();
  });
});
