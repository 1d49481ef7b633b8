import { Refused } from "~/utils/refused";
import { outboxRow } from "~/queue/jobs.server";
import { notify } from "~/notifications/notify.server";
import type { Prisma } from "@prisma/client";
import { db } from "~/db/client.server";
import { raiseAlarm } from "~/alarms/alarms.server";
import type { Delivery } from "./delivery";
import type { PaymentProvider } from "./payment-provider";

// An order's life after checkout, as payment events decide it. Every change is a conditional
// update from the states it may leave, so a duplicated or late event finds nothing to do and the
// end state does not depend on the order events arrive in.

type Tx = Prisma.TransactionClient;

/** Stock back for an order that will not be paid; only the call that moves the order does it. */
export async function releaseOrder(orderId: string, status: "FAILED" | "EXPIRED", tx?: Tx): Promise<boolean> {
  const run = async (t: Tx) => {
    const moved = await t.$executeRaw`
      UPDATE "Order" SET status = ${status}::"OrderStatus"
      WHERE id = ${orderId} AND status IN ('PENDING_PAYMENT', ${status === "FAILED" ? "PROCESSING" : "PENDING_PAYMENT"}::"OrderStatus")`;
    if (moved === 0) return false;
    await t.$executeRaw`
      UPDATE "Product" AS p SET stock = p.stock + l.quantity
      FROM (SELECT "productId", sum(quantity)::int AS quantity FROM "OrderLine" WHERE "orderId" = ${orderId} GROUP BY "productId") AS l
      WHERE p.id = l."productId"`;
    return true;
  };
  return tx ? run(tx) : db().$transaction(run);
}

/** What a provider says was paid: the session, its amount and its currency. */
export type PaidSession = { sessionId: string; amountTotalFen: bigint | null; currency: string | null; paymentIntentId: string | null; shipTo: Delivery | null };

type OrderToPay = { id: string; checkoutSessionId: string | null; totalFen: bigint; currency: string };

/** Why a payment is not this order's (another session, amount or currency), or null when it is. */
export function paymentMismatch(order: OrderToPay, paid: PaidSession): string | null {
  if (order.checkoutSessionId !== paid.sessionId) return "session";
  if (paid.amountTotalFen !== order.totalFen) return "amount";
  if ((paid.currency ?? "").toLowerCase() !== order.currency.toLowerCase()) return "currency";
  return null;
}

/**
 * Paid: from waiting or processing; the fulfilment job goes out through the outbox. A payment that
 * does not match its order (amount, currency, session) fulfils nothing and raises an alarm. One
 * that completes after the order expired takes the stock again if it is still there and fulfils
 * the order, or else refunds the whole payment (a job asks the provider): either way an alarm
 * tells operators. A refund Stripe reported before this payment is applied now.
 */
export async function markPaid(tx: Tx, order: OrderToPay, paid: PaidSession, cause: string): Promise<boolean> {
  const mismatch = paymentMismatch(order, paid);
  if (mismatch) {
    await raiseAlarm(tx, {
      key: `payment-mismatch:${cause}`,
      kind: "payment_mismatch",
      orderId: order.id,
      detail: { mismatch, sessionId: paid.sessionId, expected: { sessionId: order.checkoutSessionId, amountFen: order.totalFen.toString(), currency: order.currency }, got: { amountFen: paid.amountTotalFen?.toString() ?? null, currency: paid.currency } },
    });
    return false;
  }
  const moved = await tx.$executeRaw`
    UPDATE "Order" SET status = 'PAID', "paidAt" = now(), "paymentIntentId" = COALESCE("paymentIntentId", ${paid.paymentIntentId}),
      "shipTo" = COALESCE("shipTo", ${paid.shipTo ? JSON.stringify(paid.shipTo) : null}::jsonb)
    WHERE id = ${order.id} AND status IN ('PENDING_PAYMENT', 'PROCESSING')`;
  if (moved === 0 && !(await paidAfterExpiry(tx, order.id, paid))) return false;
  if (moved) {
    await tx.outboxEvent.create({ data: outboxRow("order.paid", `order-paid-${order.id}`, { orderId: order.id }) });
    await tellBuyer(tx, "order_paid", order.id, `order-paid-${order.id}`);
  }
  if (paid.paymentIntentId) await applyRefundSoFar(tx, paid.paymentIntentId);
  return true;
}

/** The buyer hears of what happened to their order (app/notifications), in the same transaction. */
export async function tellBuyer(tx: Tx, kind: "order_paid" | "order_shipped" | "order_refunded", orderId: string, key: string, extra: { amountFen?: string; carrier?: string; tracking?: string } = {}) {
  const { userId } = await tx.order.findUniqueOrThrow({ where: { id: orderId }, select: { userId: true } });
  await notify(tx, { kind, key, to: [userId], params: { orderId, href: `/orders/${orderId}`, ...extra } });
}

/** Checkout finished with a payment method that settles later: no longer expires, not yet paid. */
export async function markProcessing(tx: Tx, orderId: string, paymentIntentId: string | null): Promise<boolean> {
  const moved = await tx.$executeRaw`
    UPDATE "Order" SET status = 'PROCESSING', "paymentIntentId" = COALESCE("paymentIntentId", ${paymentIntentId})
    WHERE id = ${orderId} AND status = 'PENDING_PAYMENT'`;
  return moved > 0;
}

/** An expired order whose payment completed anyway (see markPaid); false for any other order. */
async function paidAfterExpiry(tx: Tx, orderId: string, { paymentIntentId, shipTo }: PaidSession): Promise<boolean> {
  // Every line's stock at once, or none of it: products locked in id order, as checkout does.
  const retaken = await tx.$queryRaw<{ id: string }[]>`
    WITH need AS (SELECT "productId", sum(quantity)::int AS quantity FROM "OrderLine" WHERE "orderId" = ${orderId} GROUP BY "productId"),
    locked AS (
      SELECT p.id, p.stock, need.quantity FROM "Product" p JOIN need ON need."productId" = p.id
      WHERE EXISTS (SELECT 1 FROM "Order" WHERE id = ${orderId} AND status = 'EXPIRED')
      ORDER BY p.id FOR UPDATE OF p
    ),
    enough AS (SELECT count(*) > 0 AND bool_and(stock >= quantity) AS ok FROM locked)
    UPDATE "Product" p SET stock = p.stock - locked.quantity FROM locked, enough WHERE p.id = locked.id AND enough.ok
    RETURNING p.id`;
  const outcome = retaken.length > 0 ? "FULFILLED" : "REFUNDED";
  const moved = await tx.$executeRaw`
    UPDATE "Order" SET status = 'PAID', "paidAt" = now(), "paymentIntentId" = COALESCE("paymentIntentId", ${paymentIntentId}), "latePayment" = ${outcome},
      "shipTo" = COALESCE("shipTo", ${shipTo ? JSON.stringify(shipTo) : null}::jsonb)
    WHERE id = ${orderId} AND status = 'EXPIRED'`;
  if (moved === 0) return false;
  await tx.outboxEvent.create({
    data: outcome === "FULFILLED" ? outboxRow("order.paid", `order-paid-${orderId}`, { orderId }) : outboxRow("order.late-payment", `order-late-payment-${orderId}`, { orderId }),
  });
  if (outcome === "FULFILLED") await tellBuyer(tx, "order_paid", orderId, `order-paid-${orderId}`);
  await raiseAlarm(tx, { key: `paid-after-expiry:${orderId}`, kind: "paid_after_expiry", orderId, detail: { outcome, paymentIntentId } });
  return true;
}

/**
 * Refunds as Stripe reports them: the cumulative amount refunded on the payment. It is kept
 * whatever the order's state (a refund event may come before the payment's), and applied to
 * the order once the order is paid. Taking the larger of what we know and what the event says
 * makes late and repeated events harmless.
 */
export async function recordRefund(tx: Tx, paymentIntentId: string, amountRefundedFen: bigint): Promise<string | null> {
  await tx.$executeRaw`
    INSERT INTO "PaymentRefund" ("paymentIntentId", "amountRefundedFen", "updatedAt") VALUES (${paymentIntentId}, ${amountRefundedFen}, now())
    ON CONFLICT ("paymentIntentId") DO UPDATE SET "amountRefundedFen" = GREATEST("PaymentRefund"."amountRefundedFen", EXCLUDED."amountRefundedFen"), "updatedAt" = now()`;
  return applyRefundSoFar(tx, paymentIntentId);
}

async function applyRefundSoFar(tx: Tx, paymentIntentId: string): Promise<string | null> {
  const rows = await tx.$queryRaw<{ id: string; refundedFen: bigint }[]>`
    UPDATE "Order" o SET "refundedFen" = r."amountRefundedFen",
      status = CASE WHEN r."amountRefundedFen" >= o."totalFen" THEN 'REFUNDED' ELSE 'PARTIALLY_REFUNDED' END::"OrderStatus"
    FROM "PaymentRefund" r
    WHERE r."paymentIntentId" = ${paymentIntentId} AND o."paymentIntentId" = r."paymentIntentId"
      AND o.status IN ('PAID', 'PARTIALLY_REFUNDED') AND o."refundedFen" < r."amountRefundedFen"
    RETURNING o.id, o."refundedFen"`;
  const row = rows[0];
  if (!row) return null;
  await tx.outboxEvent.create({ data: outboxRow("order.refunded", `order-refunded-${row.id}-${row.refundedFen}`, { orderId: row.id, refundedFen: row.refundedFen.toString() }) });
  await tellBuyer(tx, "order_refunded", row.id, `order-refunded-${row.id}-${row.refundedFen}`, { amountFen: row.refundedFen.toString() });
  return row.id;
}

/**
 * Fulfilment from the success page: asks the provider about the session and applies what it says,
 * exactly as the webhook would. Either may come first; the second finds nothing to do.
 */
export async function fulfilFromSession(sessionId: string, provider: PaymentProvider) {
  const session = await provider.retrieveCheckoutSession(sessionId);
  const order = await db().order.findUnique({ where: { checkoutSessionId: sessionId } });
  if (!order) return null;
  if (session.status === "complete" && session.paymentStatus === "paid") {
    const paid = { sessionId: session.id, amountTotalFen: session.amountTotalFen, currency: session.currency, paymentIntentId: session.paymentIntentId, shipTo: session.shipTo };
    await db().$transaction((tx) => markPaid(tx, order, paid, `session:${session.id}`));
  }
  return db().order.findUniqueOrThrow({ where: { id: order.id } });
}

/** Orders past their checkout window with no payment: expire the session, then give the stock back. */
export async function expireOverdueOrders(provider: PaymentProvider, now = new Date(), limit = 200): Promise<number> {
  const overdue = await db().order.findMany({ where: { status: "PENDING_PAYMENT", expiresAt: { lt: now } }, take: limit, select: { id: true, checkoutSessionId: true } });
  let expired = 0;
  for (const order of overdue) {
    if (order.checkoutSessionId) {
      const session = await provider.retrieveCheckoutSession(order.checkoutSessionId);
      // Paid at the last moment: the webhook will say so; do not take the stock back.
      if (session.status === "complete") continue;
      if (session.status === "open") await provider.expireCheckoutSession(order.checkoutSessionId);
    }
    if (await releaseOrder(order.id, "EXPIRED")) expired += 1;
  }
  return expired;
}

export class RefundRefused extends Refused<"not_found" | "not_paid" | "too_much" | "refunded_automatically"> {}

/**
 * An operator's refund: asked of the provider with a key derived from the order and the amount
 * refunded so far, so a double click is one refund. The order changes when the provider's
 * charge.refunded event arrives.
 */
export async function refundOrder(orderId: string, amountFen: bigint | null, provider: PaymentProvider) {
  const order = await db().order.findUnique({ where: { id: orderId } });
  if (!order) throw new RefundRefused("not_found");
  if ((order.status !== "PAID" && order.status !== "PARTIALLY_REFUNDED") || !order.paymentIntentId) throw new RefundRefused("not_paid");
  if (order.latePayment === "REFUNDED") throw new RefundRefused("refunded_automatically");
  const amount = amountFen ?? order.totalFen - order.refundedFen;
  if (amount <= 0n || order.refundedFen + amount > order.totalFen) throw new RefundRefused("too_much");
  return provider.refund({ paymentIntentId: order.paymentIntentId, amountFen: amount, idempotencyKey: `refund-${order.id}-${order.refundedFen}-${amount}` });
}

/**
 * The whole payment back for an order paid after it expired, when its stock was gone: asked of the
 * provider with a key derived from the order alone, so a job run twice is one refund.
 */
export async function refundLatePayment(orderId: string, provider: PaymentProvider) {
  const order = await db().order.findUniqueOrThrow({ where: { id: orderId } });
  if (order.latePayment !== "REFUNDED" || !order.paymentIntentId || order.refundedFen >= order.totalFen) return null;
  return provider.refund({ paymentIntentId: order.paymentIntentId, amountFen: order.totalFen, idempotencyKey: `late-payment-refund-${order.id}` });
}
