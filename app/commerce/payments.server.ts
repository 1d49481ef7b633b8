import type { Prisma } from "@prisma/client";
import { db } from "~/db/client.server";
import type { PaymentProvider } from "./provider.server";

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

/** Paid: from waiting or processing; the fulfilment job goes out through the outbox. */
export async function markPaid(tx: Tx, orderId: string, paymentIntentId: string | null): Promise<boolean> {
  const moved = await tx.$executeRaw`
    UPDATE "Order" SET status = 'PAID', "paidAt" = now(), "paymentIntentId" = COALESCE("paymentIntentId", ${paymentIntentId})
    WHERE id = ${orderId} AND status IN ('PENDING_PAYMENT', 'PROCESSING')`;
  if (moved === 0) return false;
  await tx.outboxEvent.create({ data: { topic: "order.paid", jobKey: `order-paid-${orderId}`, payload: { orderId } } });
  return true;
}

/** Checkout finished with a payment method that settles later: no longer expires, not yet paid. */
export async function markProcessing(tx: Tx, orderId: string, paymentIntentId: string | null): Promise<boolean> {
  const moved = await tx.$executeRaw`
    UPDATE "Order" SET status = 'PROCESSING', "paymentIntentId" = COALESCE("paymentIntentId", ${paymentIntentId})
    WHERE id = ${orderId} AND status = 'PENDING_PAYMENT'`;
  return moved > 0;
}

/**
 * Refunds as Stripe reports them: the cumulative amount refunded on the charge. Taking the larger
 * of what we know and what the event says makes late and repeated events harmless.
 */
export async function recordRefund(tx: Tx, paymentIntentId: string, amountRefundedFen: bigint): Promise<string | null> {
  const rows = await tx.$queryRaw<{ id: string }[]>`
    UPDATE "Order" SET "refundedFen" = ${amountRefundedFen},
      status = CASE WHEN ${amountRefundedFen} >= "totalFen" THEN 'REFUNDED' ELSE 'PARTIALLY_REFUNDED' END::"OrderStatus"
    WHERE "paymentIntentId" = ${paymentIntentId} AND status IN ('PAID', 'PARTIALLY_REFUNDED') AND "refundedFen" < ${amountRefundedFen}
    RETURNING id`;
  const orderId = rows[0]?.id ?? null;
  if (orderId) {
    await tx.outboxEvent.create({
      data: { topic: "order.refunded", jobKey: `order-refunded-${orderId}-${amountRefundedFen}`, payload: { orderId, refundedFen: amountRefundedFen.toString() } },
    });
  }
  return orderId;
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
    await db().$transaction((tx) => markPaid(tx, order.id, session.paymentIntentId));
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

export class RefundRefused extends Error {
  constructor(readonly reason: "not_found" | "not_paid" | "too_much") {
    super(reason);
  }
}

/**
 * An operator's refund: asked of the provider with a key derived from the order and the amount
 * refunded so far, so a double click is one refund. The order changes when the provider's
 * charge.refunded event arrives.
 */
export async function refundOrder(orderId: string, amountFen: bigint | null, provider: PaymentProvider) {
  const order = await db().order.findUnique({ where: { id: orderId } });
  if (!order) throw new RefundRefused("not_found");
  if ((order.status !== "PAID" && order.status !== "PARTIALLY_REFUNDED") || !order.paymentIntentId) throw new RefundRefused("not_paid");
  const amount = amountFen ?? order.totalFen - order.refundedFen;
  if (amount <= 0n || order.refundedFen + amount > order.totalFen) throw new RefundRefused("too_much");
  return provider.refund({ paymentIntentId: order.paymentIntentId, amountFen: amount, idempotencyKey: `refund-${order.id}-${order.refundedFen}-${amount}` });
}
