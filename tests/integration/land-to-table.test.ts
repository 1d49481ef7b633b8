import { randomUUID } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { addToCart, listCart, putOrderBackInCart, startCheckout } from "~/commerce/checkout.server";
import { publicReceiptToken } from "~/commerce/order-trail.server";
import { findOrder, orderView } from "~/commerce/orders.server";
import { sandboxProvider } from "~/commerce/sandbox-provider.server";
import { loader as publicReceipt } from "~/routes/receipts.$token";
import { db } from "~/db/client.server";
import { postOrderPaid, postOrderRefunded } from "~/ledger/money-ledger.server";
import { guardianBuyers } from "~/projects/land-to-table.server";
import { listPlotsHeld } from "~/projects/plots.server";
import { requestRedemption } from "~/redemption/redeem.server";
import { settleProject } from "~/redemption/settle.server";
import { createPaidOrder, createTestProject, createTestUser, expectLedgerConsistent } from "../support/factories";
import { callRoute } from "../support/routes";

// From your land to your table (app/projects/land-to-table.server.ts): a product bought from the
// holder's own plot page records the plot on its order line, and the area counts the guardians
// who bought its products and what reached its households through them, refunds taking it back.

afterEach(expectLedgerConsistent);

const urls = { successUrl: "http://shop.test/orders/{ORDER_ID}", cancelUrl: "http://shop.test/cart" };

async function landWithProduct() {
  const project = await createTestProject({ capacity: 2_500, unitCostGrams: 1, kind: "PROTECTED_AREA" });
  const cooperative = await db().cooperative.create({ data: { nameZh: "合作社", nameEn: "Co-op", projectId: project.id } });
  const product = await db().product.create({
    data: { projectId: project.id, cooperativeId: cooperative.id, slug: `honey-${project.slug}`, nameZh: "蜂蜜", nameEn: "Honey", unitZh: "瓶", unitEn: "jar", priceFen: 8_800n, unitCostFen: 5_000n, stock: 50 },
  });
  const guardian = await createTestUser({ grams: 100 });
  await requestRedemption({ userId: guardian.id, projectId: project.id, quantity: 25, idempotencyKey: randomUUID() });
  await settleProject(project.id);
  const [plot] = await listPlotsHeld(guardian.id);
  return { project, cooperative, product, guardian, plot: plot! };
}

describe("from your land to your table", () => {
  it("records the buyer's own plot on the cart and order line, and ignores anyone else's", async () => {
    const { product, guardian, plot } = await landWithProduct();
    const elsewhere = await landWithProduct();

    await addToCart(guardian.id, product.id, 1, plot.code);
    expect((await listCart(guardian.id)).map((item) => item.plot?.code)).toEqual([plot.code]);
    // Added again without the plot (from the shop), the line keeps it.
    await addToCart(guardian.id, product.id, 1);
    const started = await startCheckout({ userId: guardian.id, idempotencyKey: randomUUID(), ...urls }, sandboxProvider);
    const [line] = await db().orderLine.findMany({ where: { orderId: started.orderId } });
    expect(line).toMatchObject({ quantity: 2, plotId: plot.id });

    // Someone else's plot, or the buyer's plot in another project, is not recorded (and not an error).
    const stranger = await createTestUser();
    await addToCart(stranger.id, product.id, 1, plot.code);
    await addToCart(guardian.id, product.id, 1, elsewhere.plot.code);
    await addToCart(elsewhere.guardian.id, product.id, 1, elsewhere.plot.code);
    for (const user of [stranger, guardian, elsewhere.guardian]) expect((await listCart(user.id))[0]!.plotId).toBeNull();

    // The buyer's order page says where it came from; the public copy of the receipt does not
    // (a plot's code leads to a certificate naming its holder).
    await db().order.update({ where: { id: started.orderId }, data: { status: "PAID", paidAt: new Date() } });
    const receipt = await callRoute(publicReceipt, { params: { token: publicReceiptToken(started.orderId) } });
    expect(receipt.status).toBe(200);
    expect(JSON.stringify(receipt.body)).not.toContain(plot.code);
    expect(orderView((await findOrder(started.orderId, guardian))!).lines[0]!.plot).toBe(plot.code);

    // An order put back in the cart keeps its plot.
    await db().order.update({ where: { id: started.orderId }, data: { status: "FAILED" } });
    await db().cartItem.deleteMany({ where: { userId: guardian.id } });
    await putOrderBackInCart(guardian.id, started.orderId);
    expect((await listCart(guardian.id))[0]!.plotId).toBe(plot.id);
  });

  it("counts the area's guardians who bought its products and what reached its households, refunds taking it back", async () => {
    const { project, cooperative, guardian } = await landWithProduct();
    expect(await guardianBuyers(project.id)).toEqual({ guardians: 0, fen: 0n });
    await db().household.create({
      data: { projectId: project.id, registrationCode: `LT-${project.slug}`, headName: "Head", village: "Guanba", county: "Pingwu", members: 3, weight: 1, payoutMethod: "DISBURSEMENT_LIST" },
    });
    const sale = async (buyerId: string) => {
      const order = await createPaidOrder({ projectId: project.id, cooperativeId: cooperative.id, priceFen: 10_000n, costFen: 6_000n, quantity: 1 });
      await db().order.update({ where: { id: order.id }, data: { userId: buyerId } });
      await postOrderPaid(order.id);
      const [line] = await db().orderLine.findMany({ where: { orderId: order.id } });
      return { order, householdFen: line!.householdFen };
    };
    const mine = await sale(guardian.id);
    // A buyer who holds no land here is not one of its guardians.
    await sale((await createTestUser()).id);
    expect(await guardianBuyers(project.id)).toEqual({ guardians: 1, fen: mine.householdFen });

    await postOrderRefunded(mine.order.id, mine.order.totalFen / 2n);
    const half = await guardianBuyers(project.id);
    expect(half.guardians).toBe(1);
    expect(half.fen).toBeLessThan(mine.householdFen);
    await postOrderRefunded(mine.order.id, mine.order.totalFen);
    expect(await guardianBuyers(project.id)).toEqual({ guardians: 0, fen: 0n });
  });
});
