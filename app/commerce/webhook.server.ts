import type Stripe from "stripe";
import { db } from "~/db/client.server";
import { logger } from "~/utils/logger.server";
import { markPaid, markProcessing, recordRefund, releaseOrder } from "./payments.server";
import { stripeClient, webhookSecret } from "./stripe-client.server";

// POST /webhooks/stripe: the signature is checked on the raw body; each event id takes effect once,
// recorded in the same transaction as its effects (whose jobs leave through the outbox).

export class BadSignature extends Error {}

export function verifyEvent(rawBody: string, signature: string | null): Stripe.Event {
  if (!signature) throw new BadSignature("missing Stripe-Signature");
  try {
    return stripeClient().webhooks.constructEvent(rawBody, signature, webhookSecret());
  } catch (error) {
    throw new BadSignature((error as Error).message);
  }
}

type SessionObject = { id: string; client_reference_id?: string | null; metadata?: Record<string, string> | null; payment_status?: string; payment_intent?: string | { id: string } | null };
type ChargeObject = { payment_intent?: string | { id: string } | null; amount_refunded?: number };

const intentOf = (value: string | { id: string } | null | undefined) => (typeof value === "string" ? value : (value?.id ?? null));

/** Applies an event once; "duplicate" when its id was seen before, "ignored" for types we do not use. */
export async function applyEvent(event: Stripe.Event): Promise<"applied" | "duplicate" | "ignored"> {
  return db().$transaction(async (tx) => {
    const session = event.data.object as unknown as SessionObject;
    const orderId = session.client_reference_id ?? session.metadata?.orderId ?? null;
    const fresh = await tx.$executeRaw`INSERT INTO "StripeEvent" (id, type, "orderId") VALUES (${event.id}, ${event.type}, ${orderId}) ON CONFLICT (id) DO NOTHING`;
    if (fresh === 0) return "duplicate";
    switch (event.type) {
      case "checkout.session.completed":
        if (!orderId) break;
        if (session.payment_status === "paid") await markPaid(tx, orderId, intentOf(session.payment_intent));
        else await markProcessing(tx, orderId, intentOf(session.payment_intent));
        return "applied";
      case "checkout.session.async_payment_succeeded":
        if (orderId) await markPaid(tx, orderId, intentOf(session.payment_intent));
        return "applied";
      case "checkout.session.async_payment_failed":
        if (orderId) await releaseOrder(orderId, "FAILED", tx);
        return "applied";
      case "checkout.session.expired":
        if (orderId) await releaseOrder(orderId, "EXPIRED", tx);
        return "applied";
      case "charge.refunded": {
        const charge = event.data.object as unknown as ChargeObject;
        const paymentIntent = intentOf(charge.payment_intent);
        if (paymentIntent) await recordRefund(tx, paymentIntent, BigInt(charge.amount_refunded ?? 0));
        return "applied";
      }
    }
    logger.debug({ eventId: event.id, type: event.type }, "stripe event ignored");
    return "ignored";
  });
}
