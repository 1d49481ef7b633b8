import { TOPICS } from "~/queue/jobs.server";
import { randomBytes, randomUUID } from "node:crypto";
import Stripe from "stripe";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { addToCart, CheckoutRefused, startCheckout } from "~/commerce/checkout.server";
import { expireOverdueOrders, fulfilFromSession, refundOrder } from "~/commerce/payments.server";
import { webhookSecret } from "~/commerce/stripe-client.server";
import { addShareRule, shareRuleSchema } from "~/commerce/share-rules.server";
import { stripeProvider } from "~/commerce/stripe-provider.server";
import { wallTimeOf } from "~/energy/local-time";
import { shipLine } from "~/commerce/shipping.server";
import { applyEvent, BadSignature, verifyEvent } from "~/commerce/webhook.server";
import { db } from "~/db/client.server";
import { balanceOf } from "~/ledger/money-ledger.server";
import { processCommerce } from "../../workers/commerce.worker";
import { useOwnDatabase } from "../support/own-database";
import { StripeFake, type Session as FakeSession } from "../support/stripe-fake";
import { createTestProject, createTestUser, expectLedgerConsistent } from "../support/factories";
import { callRoute } from "../support/routes";

// The real stripe SDK against a local fake of the Checkout and refund endpoints (Stripe cannot be
// reached from here); webhook events are signed and verified for real.

// Its own database: other files' outbox relays must not take its orders' jobs (they have no Stripe keys).
useOwnDatabase("commerce");
afterEach(expectLedgerConsistent);

const fake = new StripeFake();
let provider: ReturnType<typeof stripeProvider>;
let stripe: Stripe;
beforeAll(async () => {
  const { host, port } = await fake.start();
  stripe = new Stripe("sk_test_fake", { host, port, protocol: "http", maxNetworkRetries: 2 });
  provider = stripeProvider(stripe);
});
afterAll(() => fake.stop());

const urls = { successUrl: "http://shop.test/orders/{ORDER_ID}", cancelUrl: "http://shop.test/cart" };

async function createProduct(stock: number, priceFen = 8_800n) {
  const project = await createTestProject({ capacity: 10 });
  return db().product.create({
    data: {
      projectId: project.id,
      slug: `honey-${randomBytes(4).toString("hex")}`,
      nameZh: "野生蜂蜜",
      nameEn: "Wild honey",
      unitZh: "瓶",
      unitEn: "jar",
      priceFen,
      unitCostFen: 5_200n,
      stock,
    },
  });
}

async function checkout(userId: string, productId: string, quantity = 1, idempotencyKey = randomUUID()) {
  return startCheckout({ userId, idempotencyKey, items: [{ productId, quantity }], ...urls }, provider);
}

/** A Stripe event as Stripe would send it: JSON body and a real signature over it. */
function signed(type: string, object: Record<string, unknown>, id = `evt_${randomBytes(8).toString("hex")}`) {
  const payload = JSON.stringify({ id, object: "event", type, created: Math.floor(Date.now() / 1000), livemode: false, data: { object } });
  return { payload, signature: Stripe.webhooks.generateTestHeaderString({ payload, secret: webhookSecret() }) };
}

async function deliver(type: string, object: Record<string, unknown>, id?: string) {
  const { payload, signature } = signed(type, object, id);
  return applyEvent(verifyEvent(payload, signature));
}


const sessionEvent = (session: FakeSession) => ({
  id: session.id,
  object: "checkout.session",
  client_reference_id: session.client_reference_id,
  metadata: { orderId: session.client_reference_id },
  payment_status: session.payment_status,
  payment_intent: session.payment_intent,
  amount_total: session.amount_total,
  currency: session.currency,
});

/** Runs the jobs an order's outbox rows ask for, as the commerce worker would, in the order they were written. */
async function runOrderJobs(orderId: string) {
  const topics = ["order.paid", "order.refunded", "order.late-payment"] as const;
  const rows = await db().outboxEvent.findMany({ where: { topic: { in: [...topics] }, dispatchedAt: null }, orderBy: { id: "asc" } });
  for (const row of rows.filter((r) => (r.payload as { orderId?: string }).orderId === orderId)) {
    await processCommerce({ name: TOPICS[row.topic as (typeof topics)[number]].job, data: row.payload }, provider);
    await db().outboxEvent.update({ where: { id: row.id }, data: { dispatchedAt: new Date() } });
  }
}

const stockOf = async (productId: string) => (await db().product.findUniqueOrThrow({ where: { id: productId } })).stock;
const orderOf = (id: string) => db().order.findUniqueOrThrow({ where: { id } });

async function inParallel<T>(count: number, width: number, task: (i: number) => Promise<T>) {
  const results: PromiseSettledResult<T>[] = new Array(count);
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < count) {
        const i = next++;
        results[i] = await task(i).then(
          (value) => ({ status: "fulfilled", value }) as const,
          (reason) => ({ status: "rejected", reason }) as const,
        );
      }
    }),
  );
  return results;
}

describe("checkout under a crowd", () => {
  it("never oversells when 1,000 buyers race for the last 100 bottles", { timeout: 120_000 }, async () => {
    const product = await createProduct(100);
    const buyers = await Promise.all(Array.from({ length: 1_000 }, () => createTestUser()));
    const results = await inParallel(buyers.length, 40, (i) => checkout(buyers[i]!.id, product.id));
    const sold = results.filter((r) => r.status === "fulfilled");
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(sold).toHaveLength(100);
    expect(refused).toHaveLength(900);
    expect(refused.every((r) => r.reason instanceof CheckoutRefused && r.reason.reason === "sold_out")).toBe(true);
    expect(await stockOf(product.id)).toBe(0);
    const orders = await db().order.findMany({ where: { lines: { some: { productId: product.id } } } });
    expect(orders).toHaveLength(100);
    expect(orders.every((o) => o.status === "PENDING_PAYMENT" && o.checkoutSessionId)).toBe(true);
  });

  it("answers a repeated checkout with the same order and session, reserving once", async () => {
    const product = await createProduct(10);
    const buyer = await createTestUser();
    const key = randomUUID();
    const [a, b, c] = await Promise.all([checkout(buyer.id, product.id, 2, key), checkout(buyer.id, product.id, 2, key), checkout(buyer.id, product.id, 2, key)]);
    expect(new Set([a.orderId, b.orderId, c.orderId]).size).toBe(1);
    expect(new Set([a.url, b.url, c.url]).size).toBe(1);
    expect(await stockOf(product.id)).toBe(8);
    const order = await orderOf(a.orderId);
    expect([...fake.sessions.values()].filter((s) => s.client_reference_id === order.id)).toHaveLength(1);
    // The line carries where its money goes, fixed at the rule in force.
    const [line] = await db().orderLine.findMany({ where: { orderId: order.id } });
    expect(line).toMatchObject({ costFen: 10_400n, householdFen: 4_320n, ecologyFen: 1_800n, platformFen: 1_080n });
  });

  it("gives Stripe the order's lines, which Stripe answers only to a request that expands them", async () => {
    const product = await createProduct(10);
    const buyer = await createTestUser();
    const started = await checkout(buyer.id, product.id, 3, randomUUID());
    const order = await orderOf(started.orderId);
    const plain = await stripe.checkout.sessions.retrieve(order.checkoutSessionId!);
    expect(plain.line_items).toBeUndefined();
    const expanded = await stripe.checkout.sessions.retrieve(order.checkoutSessionId!, { expand: ["line_items"] });
    expect(expanded.amount_total).toBe(Number(order.totalFen));
    expect(expanded.line_items?.data.map((item) => ({ description: item.description, quantity: item.quantity, unit: item.price?.unit_amount, total: item.amount_total }))).toEqual([
      { description: "Wild honey · 野生蜂蜜", quantity: 3, unit: 8_800, total: 26_400 },
    ]);
    // The same key with other lines is Stripe's idempotency_error: the checkout's key is its order's, so a retry sends the same.
    const other = stripe.checkout.sessions.create(
      { mode: "payment", line_items: [{ quantity: 1, price_data: { currency: "cny", unit_amount: 1, product_data: { name: "x" } } }], success_url: "http://x" },
      { idempotencyKey: `checkout-${order.id}` },
    );
    await expect(other).rejects.toMatchObject({ type: "StripeIdempotencyError" });
  });

  it("makes one order of a cart checked out from two tabs at once, each with its own key", async () => {
    const [honey, juice] = [await createProduct(10), await createProduct(10)];
    const buyer = await createTestUser();
    await addToCart(buyer.id, honey.id, 2);
    await addToCart(buyer.id, juice.id, 1);
    const fromCart = (key: string) => startCheckout({ userId: buyer.id, idempotencyKey: key, ...urls }, provider);
    const [a, b] = await Promise.all([fromCart(randomUUID()), fromCart(randomUUID())]);
    expect(b).toEqual(a);
    expect(await db().order.count({ where: { userId: buyer.id } })).toBe(1);
    expect([await stockOf(honey.id), await stockOf(juice.id)]).toEqual([8, 9]);
    expect([...fake.sessions.values()].filter((s) => s.client_reference_id === a.orderId)).toHaveLength(1);
    expect(await db().cartItem.count({ where: { userId: buyer.id } })).toBe(0);
  });

  it("keeps the cart when its checkout is refused", async () => {
    const product = await createProduct(1);
    const buyer = await createTestUser();
    await addToCart(buyer.id, product.id, 3);
    await expect(startCheckout({ userId: buyer.id, idempotencyKey: randomUUID(), ...urls }, provider)).rejects.toMatchObject({ code: "sold_out" });
    expect((await db().cartItem.findMany({ where: { userId: buyer.id } })).map((item) => item.quantity)).toEqual([3]);
    expect(await stockOf(product.id)).toBe(1);
  });

  it("splits each line by the rule in force when the order is placed, not by one that starts later", async () => {
    const product = await createProduct(10, 10_000n);
    const wall = (ms: number) => wallTimeOf(new Date(Date.now() + ms), "Asia/Shanghai");
    const rule = (householdBp: number, ecologyBp: number, platformBp: number, effectiveFrom: string) => shareRuleSchema.parse({ intent: "rule", householdBp, ecologyBp, platformBp, effectiveFrom });
    const operator = await createTestUser({ role: "OPERATOR" });
    await addShareRule(product.id, rule(5_000, 3_000, 2_000, wall(-7 * 86_400_000)), operator.id);
    await addShareRule(product.id, rule(7_000, 2_000, 1_000, wall(-120_000)), operator.id);
    await addShareRule(product.id, rule(1_000, 1_000, 8_000, wall(86_400_000)), operator.id);
    expect(() => rule(7_000, 2_000, 999, wall(0))).toThrow(/shareRule.errors.sum/);
    const buyer = await createTestUser();
    const { orderId } = await checkout(buyer.id, product.id, 1);
    const [line] = await db().orderLine.findMany({ where: { orderId } });
    // ¥100.00 − ¥52.00 = ¥48.00 surplus at 70 / 20 / 10.
    expect(line).toMatchObject({ householdBp: 7_000, householdFen: 3_360n, ecologyFen: 960n, platformFen: 480n });
  });

  it("gives the stock back at once when no checkout session can be opened", async () => {
    const product = await createProduct(5);
    const buyer = await createTestUser();
    fake.failNext("/v1/checkout/sessions", 3); // the first try and both SDK retries
    await expect(checkout(buyer.id, product.id, 2)).rejects.toThrow();
    expect(await stockOf(product.id)).toBe(5);
    expect((await db().order.findFirstOrThrow({ where: { userId: buyer.id } })).status).toBe("FAILED");
  });
});

/** An order waiting for payment, with its checkout session at the fake. */
async function openOrder(stock = 5, quantity = 2) {
  const product = await createProduct(stock);
  const buyer = await createTestUser();
  const { orderId } = await checkout(buyer.id, product.id, quantity);
  const order = await orderOf(orderId);
  return { product, order, session: fake.sessions.get(order.checkoutSessionId!)! };
}

describe("payment events", () => {
  it("pays once however often the event comes, with one fulfilment job", async () => {
    const { order, session } = await openOrder();
    fake.pay(session.id);
    const id = `evt_${randomBytes(8).toString("hex")}`;
    expect(await deliver("checkout.session.completed", sessionEvent(session), id)).toBe("applied");
    expect(await deliver("checkout.session.completed", sessionEvent(session), id)).toBe("duplicate");
    // The success page asks too; nothing more happens.
    expect((await fulfilFromSession(session.id, provider))!.status).toBe("PAID");
    expect(await orderOf(order.id)).toMatchObject({ status: "PAID", paymentIntentId: session.payment_intent });
    expect(await db().outboxEvent.count({ where: { jobKey: `order-paid-${order.id}` } })).toBe(1);
    // And one notice to the buyer, naming the order by its product.
    const notices = await db().outboxEvent.findMany({ where: { topic: "notification", jobKey: `notify-order-paid-${order.id}` } });
    expect(notices.map((n) => n.payload)).toEqual([
      { kind: "order_paid", key: `order-paid-${order.id}`, to: [order.userId], params: { orderId: order.id, href: `/orders/${order.id}` } },
    ]);
  });

  it("ships a paid line once, with its carrier and tracking number, and tells the buyer; never an unpaid one", async () => {
    const { order, session } = await openOrder();
    const operator = await createTestUser({ role: "OPERATOR" });
    const [line] = await db().orderLine.findMany({ where: { orderId: order.id } });
    const ship = () => shipLine(operator.id, { lineId: line!.id, carrier: "SF Express", tracking: "SF1234567890" });
    await expect(ship()).rejects.toMatchObject({ code: "not_paid" });
    fake.pay(session.id);
    await deliver("checkout.session.completed", sessionEvent(session));
    const results = await Promise.allSettled([ship(), ship()]);
    expect(results.map((r) => (r.status === "fulfilled" ? "shipped" : (r.reason as { code: string }).code)).sort()).toEqual(["already_shipped", "shipped"]);
    expect(await db().orderLine.findUniqueOrThrow({ where: { id: line!.id } })).toMatchObject({ carrier: "SF Express", trackingNumber: "SF1234567890" });
    const notice = await db().outboxEvent.findUniqueOrThrow({ where: { jobKey: `notify-order-shipped-${line!.id}` } });
    expect(notice.payload).toMatchObject({ kind: "order_shipped", to: [order.userId], params: { orderId: order.id, carrier: "SF Express", tracking: "SF1234567890" } });
    await expect(shipLine(operator.id, { lineId: "no-such-line", carrier: "SF", tracking: "SF1234567890" })).rejects.toMatchObject({ code: "not_found" });
  });

  it("keeps where to send an order from Stripe Checkout's collected details, and an address Stripe sends broken as none", async () => {
    const { order, session } = await openOrder();
    fake.pay(session.id);
    const shipping = { name: "李梅", address: { country: "CN", state: "四川省", city: "绵阳市", line1: "平武县", line2: "关坝村 3 组 12 号", postal_code: "622550" } };
    await deliver("checkout.session.completed", { ...sessionEvent(session), collected_information: { shipping_details: shipping }, customer_details: { phone: "+86 138 0013 8000" } });
    expect((await orderOf(order.id)).shipTo).toEqual({ name: "李梅", phone: "+8613800138000", province: "四川省", city: "绵阳市", district: "平武县", address: "关坝村 3 组 12 号", postcode: "622550" });

    const other = await openOrder();
    fake.pay(other.session.id);
    await deliver("checkout.session.completed", { ...sessionEvent(other.session), shipping_details: { name: "X", address: { city: "绵阳市" } } });
    expect(await orderOf(other.order.id)).toMatchObject({ status: "PAID", shipTo: null });
  });

  it("ends in the same state whatever order the events arrive in", async () => {
    const orders = [];
    const steps = ["completed-unpaid", "async-succeeded", "expired"];
    // Every order the three can arrive in.
    const permutations = steps.flatMap((a) => steps.filter((b) => b !== a).flatMap((b) => steps.filter((c) => c !== a && c !== b).map((c) => [a, b, c])));
    expect(permutations).toHaveLength(6);
    for (const sequence of permutations) {
      const { order, session, product } = await openOrder();
      fake.pay(session.id, { async: true });
      for (const step of sequence) {
        if (step === "completed-unpaid") await deliver("checkout.session.completed", sessionEvent(session));
        if (step === "async-succeeded") await deliver("checkout.session.async_payment_succeeded", sessionEvent({ ...fake.settleAsync(session.id) }));
        if (step === "expired") await deliver("checkout.session.expired", sessionEvent(session));
      }
      orders.push({ sequence, status: (await orderOf(order.id)).status, stock: await stockOf(product.id) });
    }
    // Even after the order expired, a payment that does complete takes the stock again (it is still
    // there) and is fulfilled: the buyer paid, and gets what they paid for.
    expect(orders.map((o) => [o.status, o.stock])).toEqual(permutations.map(() => ["PAID", 3]));
  });

  it("gives the stock back once when the payment fails, even if the failure is reported twice", async () => {
    const { order, session, product } = await openOrder(5, 3);
    fake.pay(session.id, { async: true });
    await deliver("checkout.session.completed", sessionEvent(session));
    expect((await orderOf(order.id)).status).toBe("PROCESSING");
    // Processing orders do not expire from under a pending payment.
    await db().order.update({ where: { id: order.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await expireOverdueOrders(provider)).toBe(0);
    await deliver("checkout.session.async_payment_failed", sessionEvent(session));
    await deliver("checkout.session.async_payment_failed", sessionEvent(session));
    expect((await orderOf(order.id)).status).toBe("FAILED");
    expect(await stockOf(product.id)).toBe(5);
  });

  it("refuses events that Stripe did not sign", async () => {
    const { payload } = signed("checkout.session.completed", { id: "cs_forged", client_reference_id: "x" });
    const forged = Stripe.webhooks.generateTestHeaderString({ payload, secret: "whsec_someone_else" });
    expect(() => verifyEvent(payload, forged)).toThrow(BadSignature);
    expect(() => verifyEvent(payload, null)).toThrow(BadSignature);
    const { signature } = signed("checkout.session.completed", { id: "cs_other" });
    expect(() => verifyEvent(payload, signature)).toThrow(BadSignature);
  });

  it("expires unpaid orders past their window and gives their stock back", async () => {
    const { order, session, product } = await openOrder(5, 2);
    await db().order.update({ where: { id: order.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await expireOverdueOrders(provider)).toBeGreaterThanOrEqual(1);
    expect((await orderOf(order.id)).status).toBe("EXPIRED");
    expect(await stockOf(product.id)).toBe(5);
    expect(fake.sessions.get(session.id)!.status).toBe("expired");
    // Stripe's own expired event later changes nothing.
    await deliver("checkout.session.expired", sessionEvent(session));
    expect(await stockOf(product.id)).toBe(5);
  });

  it("refunds once per click, and records refunds in any order up to the total", async () => {
    const { order, session } = await openOrder(5, 2);
    fake.pay(session.id);
    await deliver("checkout.session.completed", sessionEvent(session));
    const charge = (refunded: number) => ({ object: "charge", id: `ch_${session.payment_intent}`, payment_intent: session.payment_intent, amount_refunded: refunded });

    await Promise.all([refundOrder(order.id, 5_000n, provider), refundOrder(order.id, 5_000n, provider)]);
    expect(fake.refunds.filter((r) => r.payment_intent === session.payment_intent)).toHaveLength(1);
    const first = signed("charge.refunded", charge(5_000));
    expect(await applyEvent(verifyEvent(first.payload, first.signature))).toBe("applied");
    expect(await orderOf(order.id)).toMatchObject({ status: "PARTIALLY_REFUNDED", refundedFen: 5_000n });

    await refundOrder(order.id, null, provider); // the rest
    expect(fake.refunds.filter((r) => r.payment_intent === session.payment_intent).map((r) => r.amount)).toEqual([5_000, 12_600]);
    await deliver("charge.refunded", charge(17_600));
    // The first event again, late: changes nothing.
    expect(await applyEvent(verifyEvent(first.payload, first.signature))).toBe("duplicate");
    await deliver("charge.refunded", charge(5_000));
    expect(await orderOf(order.id)).toMatchObject({ status: "REFUNDED", refundedFen: 17_600n });
    // The buyer heard of each refund once, with what had been refunded by then.
    const notices = await db().outboxEvent.findMany({ where: { topic: "notification", jobKey: { startsWith: `notify-order-refunded-${order.id}-` } }, orderBy: { id: "asc" } });
    expect(notices.map((n) => (n.payload as { params: { amountFen: string } }).params.amountFen)).toEqual(["5000", "17600"]);
    await expect(refundOrder(order.id, 1n, provider)).rejects.toMatchObject({ reason: "not_paid" });
  });
});

describe("payments under faults and hostile events", () => {
  const charge = (session: FakeSession, refunded: number) => ({ object: "charge", id: `ch_${session.payment_intent}`, payment_intent: session.payment_intent, amount_refunded: refunded });

  /** What an order ends as, once its jobs ran: the fields people and the ledger see. */
  async function endState(orderId: string, productId: string) {
    await runOrderJobs(orderId);
    const order = await orderOf(orderId);
    // The ledger by what it owes, not by how many postings got it there (two partial refunds or one).
    const owed = await db().$queryRaw<{ kind: string; fen: bigint }[]>`
      SELECT a.kind::text, sum(e."amountFen")::bigint AS fen FROM "MoneyEntry" e
      JOIN "MoneyTransaction" t ON t.id = e."transactionId" JOIN "MoneyAccount" a ON a.id = e."accountId"
      WHERE t."orderId" = ${orderId} GROUP BY a.kind ORDER BY a.kind`;
    const kinds = await db().moneyTransaction.findMany({ where: { orderId }, distinct: ["kind"], select: { kind: true }, orderBy: { kind: "asc" } });
    return {
      status: order.status,
      refundedFen: order.refundedFen,
      paid: order.paidAt !== null,
      stock: await stockOf(productId),
      posted: kinds.map((t) => t.kind),
      ledger: Object.fromEntries(owed.map((row) => [row.kind, row.fen.toString()])),
    };
  }

  function permutations<T>(items: T[]): T[][] {
    if (items.length <= 1) return [items];
    return items.flatMap((item, i) => permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]));
  }

  it("reaches the in-order end state whatever order Stripe's events arrive in, refunds included", { timeout: 120_000 }, async () => {
    // Every sequence Stripe sends for one checkout, by payment method; each is replayed in every order.
    const sequences: Record<string, ("paid" | "processing" | "async-paid" | "async-failed" | "refund-part" | "refund-all")[]> = {
      card: ["paid", "refund-part", "refund-all"],
      "card refunded at once": ["paid", "refund-all"],
      "bank debit": ["processing", "async-paid", "refund-part"],
      "bank debit that fails": ["processing", "async-failed"],
    };
    for (const [name, sequence] of Object.entries(sequences)) {
      const outcomes = [];
      for (const order of permutations(sequence)) {
        const { order: placed, session, product } = await openOrder(5, 2);
        fake.pay(session.id, { async: sequence.includes("processing") });
        const paidSession = sequence.includes("async-paid") ? fake.settleAsync(session.id) : session;
        for (const step of order) {
          if (step === "paid") await deliver("checkout.session.completed", sessionEvent(session));
          if (step === "processing") await deliver("checkout.session.completed", sessionEvent(session));
          if (step === "async-paid") await deliver("checkout.session.async_payment_succeeded", sessionEvent(paidSession));
          if (step === "async-failed") await deliver("checkout.session.async_payment_failed", sessionEvent(session));
          if (step === "refund-part") await deliver("charge.refunded", charge(paidSession, 5_000));
          if (step === "refund-all") await deliver("charge.refunded", charge(paidSession, 17_600));
        }
        outcomes.push({ order: order.join(" → "), end: await endState(placed.id, product.id) });
      }
      const text = (end: unknown) => JSON.stringify(end, (_key, value) => (typeof value === "bigint" ? value.toString() : value));
      const inOrder = text(outcomes[0]!.end);
      expect({ name, differ: outcomes.filter((o) => text(o.end) !== inOrder).map((o) => `${o.order}: ${text(o.end)} (in order: ${inOrder})`) }).toEqual({ name, differ: [] });
    }
  });

  it("fulfils a payment that completes after its order expired while the stock is still there, and says so", async () => {
    const { order, session, product } = await openOrder(5, 2);
    await db().order.update({ where: { id: order.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    await expireOverdueOrders(provider);
    expect(await stockOf(product.id)).toBe(5);
    fake.pay(session.id); // the buyer was already paying when the order expired
    await deliver("checkout.session.completed", sessionEvent(session));
    expect(await endState(order.id, product.id)).toMatchObject({ status: "PAID", stock: 3, posted: ["ORDER_PAID"] });
    expect(await orderOf(order.id)).toMatchObject({ latePayment: "FULFILLED" });
    expect(await db().alarm.findMany({ where: { orderId: order.id }, select: { kind: true, detail: true } })).toEqual([
      { kind: "paid_after_expiry", detail: expect.objectContaining({ outcome: "FULFILLED" }) },
    ]);
  });

  it("refunds, once and in full, a payment that completes after its order expired when the stock is gone", async () => {
    const { order, session, product } = await openOrder(2, 2);
    await db().order.update({ where: { id: order.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    await expireOverdueOrders(provider);
    const other = await createTestUser();
    await checkout(other.id, product.id, 2); // someone else buys the last two jars meanwhile
    fake.pay(session.id);
    await deliver("checkout.session.completed", sessionEvent(session));
    expect(await orderOf(order.id)).toMatchObject({ status: "PAID", latePayment: "REFUNDED" });
    await runOrderJobs(order.id);
    await processCommerce({ name: "refund-late-payment", data: { orderId: order.id } }, provider); // a job run twice
    const refunds = fake.refunds.filter((r) => r.payment_intent === session.payment_intent);
    expect(refunds.map((r) => r.amount)).toEqual([17_600]);
    await deliver("charge.refunded", charge(session, 17_600));
    expect(await endState(order.id, product.id)).toMatchObject({ status: "REFUNDED", refundedFen: 17_600n, stock: 0, posted: ["ORDER_PAID", "ORDER_REFUNDED"] });
    // Nothing was sold: no household, cooperative or fund was ever owed a fen of it.
    expect(await balanceOf("customer-refunds")).toBe(0n);
    expect(await db().moneyEntry.count({ where: { transaction: { orderId: order.id }, account: { kind: { in: ["HOUSEHOLD_PAYABLE", "COOPERATIVE_PAYABLE", "ECOLOGY_FUND", "HOUSEHOLD_POOL_UNALLOCATED"] } } } })).toBe(0);
    await expect(refundOrder(order.id, 1n, provider)).rejects.toMatchObject({ reason: "not_paid" });
    expect(await db().alarm.count({ where: { orderId: order.id, kind: "paid_after_expiry" } })).toBe(1);
  });

  it("fulfils nothing and raises an alarm when a signed payment does not match its order", async () => {
    for (const [mismatch, change] of [
      ["amount", { amount_total: 1 }],
      ["currency", { currency: "usd" }],
      ["session", { id: "cs_someone_elses" }],
    ] as const) {
      const { order, session, product } = await openOrder(5, 1);
      fake.pay(session.id);
      const event = `evt_${randomBytes(8).toString("hex")}`;
      await deliver("checkout.session.completed", { ...sessionEvent(session), ...change }, event);
      expect(await endState(order.id, product.id)).toMatchObject({ status: "PENDING_PAYMENT", posted: [] });
      const alarms = await db().alarm.findMany({ where: { orderId: order.id } });
      expect(alarms).toEqual([expect.objectContaining({ kind: "payment_mismatch", key: `payment-mismatch:${event}`, detail: expect.objectContaining({ mismatch }) })]);
    }
  });

  it("signs the sandbox's events with a secret of this installation, never one from the source", async () => {
    const { resetEnvCache } = await import("~/utils/env.server");
    const secretWith = (sessionSecret: string) => {
      process.env.SESSION_SECRET = sessionSecret;
      resetEnvCache();
      return webhookSecret();
    };
    const original = process.env.SESSION_SECRET!;
    try {
      const one = secretWith("installation-one-session-secret-of-32-chars");
      const two = secretWith("installation-two-session-secret-of-32-chars");
      expect(one).not.toBe(two);
      expect(secretWith(original)).not.toBe("whsec_sandbox_no_money_moves");
    } finally {
      secretWith(original);
    }
    // An event forged with the constant earlier versions shipped is refused.
    const { payload } = signed("checkout.session.completed", { id: "cs_forged" });
    const forged = Stripe.webhooks.generateTestHeaderString({ payload, secret: "whsec_sandbox_no_money_moves" });
    expect(() => verifyEvent(payload, forged)).toThrow(BadSignature);
  });

  it("refuses signatures too far from now either way, and answers signed but malformed events with 400", async () => {
    const { payload } = signed("charge.refunded", { object: "charge", payment_intent: "pi_x", amount_refunded: 1 });
    const at = (offsetSeconds: number) => Stripe.webhooks.generateTestHeaderString({ payload, secret: webhookSecret(), timestamp: Math.floor(Date.now() / 1000) + offsetSeconds });
    expect(() => verifyEvent(payload, at(600))).toThrow(/future/);
    expect(() => verifyEvent(payload, at(-600))).toThrow(BadSignature);
    expect(verifyEvent(payload, at(60)).type).toBe("charge.refunded");

    const { action } = await import("~/routes/webhooks.stripe");
    const post = (body: string) =>
      callRoute(action, { method: "POST", path: "/webhooks/stripe", body, headers: { "Content-Type": "application/json", "Stripe-Signature": Stripe.webhooks.generateTestHeaderString({ payload: body, secret: webhookSecret() }) } });
    const event = (type: string, object: unknown, extra: Record<string, unknown> = {}) =>
      JSON.stringify({ id: `evt_${randomBytes(6).toString("hex")}`, object: "event", type, created: 1, data: { object }, ...extra });
    const malformed = [
      JSON.stringify({ id: "evt_no_data", object: "event", type: "charge.refunded" }),
      event("charge.refunded", null),
      event("charge.refunded", { payment_intent: "pi_x", amount_refunded: "lots" }),
      event("checkout.session.completed", { id: "cs_x", client_reference_id: { nested: true }, payment_status: "paid" }),
      event("checkout.session.completed", { id: "cs_\u0000x", payment_status: "paid" }),
      event("charge.refunded", { payment_intent: 42, amount_refunded: 1 }),
    ];
    for (const body of malformed) {
      const answer = await post(body);
      expect({ body, status: answer.status, code: answer.body.error }).toEqual({ body, status: 400, code: "malformed_event" });
    }
    expect((await post(event("customer.created", { id: "cus_1" }))).body).toEqual({ received: true, outcome: "ignored" });
  });
});
