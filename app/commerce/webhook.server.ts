import type Stripe from "stripe";
import { z } from "zod";
import { recordBankPayout, recordBankPayoutFailed, recordTransferReversed } from "~/payouts/reversals.server";
import { raiseAlarm } from "~/alarms/alarms.server";
import { db } from "~/db/client.server";
import { logger } from "~/utils/logger.server";
import { markPaid, markProcessing, recordRefund, releaseOrder, type PaidSession } from "./payments.server";
import { fromStripe } from "./delivery";
import { stripeClient, webhookSecret } from "./stripe-client.server";
import { shippingOf } from "./stripe-provider.server";

// POST /webhooks/stripe: the signature is checked on the raw body; each event id takes effect once,
// recorded in the same transaction as its effects (whose jobs leave through the outbox).

/** How far a signature's time may be from ours, either way (Stripe's own default). */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

export class BadSignature extends Error {}
/** Signed, but not an event we can read: answered 400, and logged with why. */
export class MalformedEvent extends Error {}

export function verifyEvent(rawBody: string, signature: string | null, now = Date.now()): Stripe.Event {
  if (!signature) throw new BadSignature("missing Stripe-Signature");
  // The SDK refuses signatures that are too old; one from the future is refused here.
  const timestamp = Number(/(?:^|,)\s*t=(\d+)/.exec(signature)?.[1]);
  if (Number.isFinite(timestamp) && timestamp * 1000 > now + SIGNATURE_TOLERANCE_SECONDS * 1000) {
    throw new BadSignature("signature timestamp is in the future");
  }
  let event: unknown;
  try {
    event = stripeClient().webhooks.constructEvent(rawBody, signature, webhookSecret(), SIGNATURE_TOLERANCE_SECONDS);
  } catch (error) {
    throw new BadSignature((error as Error).message);
  }
  const parsed = eventSchema.safeParse(event);
  if (!parsed.success) throw new MalformedEvent(describe(parsed.error));
  return event as Stripe.Event;
}

// Strings PostgreSQL can store (no NUL), of a sane length.
const text = (max: number) => z.string().min(1).max(max).refine((value) => !value.includes("\0"), "contains a NUL byte");
const reference = z.union([text(255), z.object({ id: text(255) }).passthrough()]).nullish();
const shippingSchema = z
  .object({
    name: z.string().max(200).nullish(),
    address: z
      .object({ country: z.string().max(10).nullish(), state: z.string().max(200).nullish(), city: z.string().max(200).nullish(), line1: z.string().max(300).nullish(), line2: z.string().max(300).nullish(), postal_code: z.string().max(20).nullish() })
      .passthrough()
      .nullish(),
  })
  .passthrough();
const eventSchema = z.object({ id: text(255), type: text(100), data: z.object({ object: z.object({}).passthrough() }) }).passthrough();
const sessionSchema = z
  .object({
    id: text(255),
    client_reference_id: text(255).nullish(),
    metadata: z.record(z.string().max(500)).nullish(),
    payment_status: z.string().max(50).nullish(),
    payment_intent: reference,
    amount_total: z.number().int().nonnegative().nullish(),
    currency: z.string().max(10).nullish(),
    collected_information: z.object({ shipping_details: shippingSchema.nullish() }).passthrough().nullish(),
    shipping_details: shippingSchema.nullish(),
    customer_details: z.object({ phone: z.string().max(40).nullish() }).passthrough().nullish(),
  })
  .passthrough();
const transferSchema = z
  .object({ id: text(255), reversals: z.object({ data: z.array(z.object({ id: text(255), amount: z.number().int().positive() }).passthrough()).max(100) }).passthrough() })
  .passthrough();
const bankPayoutSchema = z.object({ id: text(255), amount: z.number().int().nonnegative() }).passthrough();
const chargeSchema = z.object({ payment_intent: reference, amount_refunded: z.number().int().nonnegative().optional() }).passthrough();

const describe = (error: z.ZodError) => error.issues.map((issue) => `${issue.path.join(".") || "event"}: ${issue.message}`).join("; ");

function objectOf<T>(event: Stripe.Event, schema: z.ZodType<T>): T {
  const parsed = schema.safeParse(event.data.object);
  if (!parsed.success) throw new MalformedEvent(`${event.type} ${describe(parsed.error)}`);
  return parsed.data;
}

const intentOf = (value: z.infer<typeof reference>) => (typeof value === "string" ? value : (value?.id ?? null));

const BANK_PAYOUT_EVENTS = new Set(["payout.paid", "payout.failed"]);
const SESSION_EVENTS = new Set(["checkout.session.completed", "checkout.session.async_payment_succeeded", "checkout.session.async_payment_failed", "checkout.session.expired"]);

/** Applies an event once; "duplicate" when its id was seen before, "ignored" for types we do not use. */
export async function applyEvent(event: Stripe.Event): Promise<"applied" | "duplicate" | "ignored"> {
  // Read before anything is recorded, so a malformed event leaves no trace to block a good one.
  const session = SESSION_EVENTS.has(event.type) ? objectOf(event, sessionSchema) : null;
  const charge = event.type === "charge.refunded" ? objectOf(event, chargeSchema) : null;
  const transfer = event.type === "transfer.reversed" ? objectOf(event, transferSchema) : null;
  const bankPayout = BANK_PAYOUT_EVENTS.has(event.type) ? objectOf(event, bankPayoutSchema) : null;
  const orderId = session ? (session.client_reference_id ?? session.metadata?.orderId ?? null) : null;
  return db().$transaction(async (tx) => {
    const fresh = await tx.$executeRaw`INSERT INTO "StripeEvent" (id, type, "orderId") VALUES (${event.id}, ${event.type}, ${orderId}) ON CONFLICT (id) DO NOTHING`;
    if (fresh === 0) return "duplicate";
    if (session) {
      const order = orderId ? await tx.order.findUnique({ where: { id: orderId } }) : null;
      if (!order) {
        await raiseAlarm(tx, { key: `unknown-order:${event.id}`, kind: "payment_for_unknown_order", detail: { eventId: event.id, type: event.type, sessionId: session.id, orderId } });
        return "applied";
      }
      const paid: PaidSession = {
        sessionId: session.id,
        amountTotalFen: session.amount_total == null ? null : BigInt(session.amount_total),
        currency: session.currency ?? null,
        paymentIntentId: intentOf(session.payment_intent),
        shipTo: fromStripe(shippingOf(session), session.customer_details?.phone),
      };
      switch (event.type) {
        case "checkout.session.completed":
          if (session.payment_status === "paid") await markPaid(tx, order, paid, event.id);
          else await markProcessing(tx, order.id, paid.paymentIntentId);
          break;
        case "checkout.session.async_payment_succeeded":
          await markPaid(tx, order, paid, event.id);
          break;
        case "checkout.session.async_payment_failed":
          await releaseOrder(order.id, "FAILED", tx);
          break;
        case "checkout.session.expired":
          await releaseOrder(order.id, "EXPIRED", tx);
          break;
      }
      return "applied";
    }
    if (charge) {
      const paymentIntent = intentOf(charge.payment_intent);
      if (paymentIntent) await recordRefund(tx, paymentIntent, BigInt(charge.amount_refunded ?? 0));
      return "applied";
    }
    if (transfer) {
      await recordTransferReversed(tx, transfer.id, transfer.reversals.data.map((r) => ({ id: r.id, amount: BigInt(r.amount) })));
      return "applied";
    }
    if (bankPayout) {
      if (event.type === "payout.paid") await recordBankPayout(tx, bankPayout.id, BigInt(bankPayout.amount));
      else await recordBankPayoutFailed(tx, bankPayout.id, BigInt(bankPayout.amount));
      return "applied";
    }
    logger.debug({ eventId: event.id, type: event.type }, "stripe event ignored");
    return "ignored";
  });
}
