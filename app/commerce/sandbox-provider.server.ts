import { randomBytes } from "node:crypto";
import { db } from "~/db/client.server";
import { env } from "~/utils/env.server";
import { deliverySchema, toStripe, type Delivery } from "./delivery";
import type { BalanceItem, CheckoutSession, PaymentProvider } from "./payment-provider";
import { stripeClient, webhookSecret } from "./stripe-client.server";

// The sandbox stands in for Stripe when no keys are set: sessions live in our database, the
// customer "pays" on a local page clearly marked as a sandbox, and the outcome reaches the app the
// way Stripe's would: as a signed event POSTed to /webhooks/stripe. No money moves.

const newId = (prefix: string) => `${prefix}_sandbox_${randomBytes(12).toString("hex")}`;


type SessionRow = { id: string; orderId: string; status: string; paymentStatus: string; paymentIntentId: string | null; amountFen: bigint; currency: string; shipping: unknown };

const shippingOf = (row: SessionRow): Delivery | null => {
  const parsed = deliverySchema.safeParse(row.shipping);
  return row.shipping && parsed.success ? parsed.data : null;
};

function toSession(row: SessionRow): CheckoutSession {
  return {
    id: row.id,
    url: `/sandbox/checkout/${row.id}`,
    status: row.status as CheckoutSession["status"],
    paymentStatus: row.paymentStatus as CheckoutSession["paymentStatus"],
    paymentIntentId: row.paymentIntentId,
    orderId: row.orderId,
    amountTotalFen: row.amountFen,
    currency: row.currency,
    shipTo: shippingOf(row),
  };
}

export const sandboxProvider: PaymentProvider = {
  name: "sandbox",
  async createCheckoutSession(input) {
    const amountFen = input.lines.reduce((sum, line) => sum + line.unitAmountFen * BigInt(line.quantity), 0n);
    // One session per order, whatever the retries.
    const row = await db().sandboxCheckoutSession.upsert({
      where: { orderId: input.orderId },
      update: {},
      create: { id: newId("cs"), orderId: input.orderId, amountFen, currency: input.currency, expiresAt: input.expiresAt },
    });
    return toSession(row);
  },
  async retrieveCheckoutSession(id) {
    return toSession(await db().sandboxCheckoutSession.findUniqueOrThrow({ where: { id } }));
  },
  async expireCheckoutSession(id) {
    await db().sandboxCheckoutSession.updateMany({ where: { id, status: "open" }, data: { status: "expired" } });
  },
  async refund(input) {
    const row = await db().sandboxCheckoutSession.findFirstOrThrow({ where: { paymentIntentId: input.paymentIntentId } });
    const updated = await db().sandboxCheckoutSession.update({ where: { id: row.id }, data: { refundedFen: { increment: input.amountFen } } });
    await deliverSandboxEvent("charge.refunded", {
      id: `ch_${input.paymentIntentId}`,
      object: "charge",
      payment_intent: input.paymentIntentId,
      amount: Number(updated.amountFen),
      amount_refunded: Number(updated.refundedFen),
      refunded: updated.refundedFen >= updated.amountFen,
    });
    const refundId = newId("re");
    await recordBalance({ type: "refund", amountFen: -input.amountFen, paymentIntentId: input.paymentIntentId });
    return { id: refundId };
  },
  async transfer(input) {
    // Like Stripe with the same idempotency key: the payout's transfer is made once.
    const row = await db().sandboxBalanceTransaction.upsert({
      where: { transferId: `tr_sandbox_${input.payoutId}` },
      update: {},
      create: {
        id: newId("txn"),
        type: "transfer",
        amountFen: -input.amountFen,
        transferId: `tr_sandbox_${input.payoutId}`,
        transferGroup: input.transferGroup,
        destination: input.destination,
        metadata: { payoutId: input.payoutId },
      },
    });
    return { id: row.transferId! };
  },
  async findTransfer(transferGroup, payoutId) {
    const row = await db().sandboxBalanceTransaction.findFirst({ where: { transferGroup, transferId: `tr_sandbox_${payoutId}` } });
    return row ? { id: row.transferId! } : null;
  },
  // The sandbox never pays out to a bank.
  async bankPayoutContentsNet() {
    return 0n;
  },
  async *balanceActivity(from, to) {
    const rows = await db().sandboxBalanceTransaction.findMany({ where: { created: { gte: from, lt: to } }, orderBy: { created: "asc" } });
    for (const row of rows) {
      const payoutId = (row.metadata as { payoutId?: string } | null)?.payoutId ?? null;
      yield {
        id: row.transferId ?? row.id,
        kind: row.type as BalanceItem["kind"],
        amountFen: row.amountFen,
        feeFen: row.feeFen,
        paymentIntentId: row.paymentIntentId,
        transferId: row.transferId,
        payoutId,
        reversalId: null,
        bankPayoutId: null,
        created: row.created,
      };
    }
  },
};

function recordBalance(data: { type: "charge" | "refund"; amountFen: bigint; paymentIntentId: string }) {
  return db().sandboxBalanceTransaction.create({ data: { id: newId("txn"), ...data } });
}

export type SandboxOutcome = "pay" | "fail";

/** The customer's choice on the sandbox checkout page, delivered as Stripe would deliver it. */
export async function completeSandboxCheckout(sessionId: string, outcome: SandboxOutcome, shipTo: Delivery): Promise<CheckoutSession | null> {
  const paymentIntentId = newId("pi");
  const { count } = await db().sandboxCheckoutSession.updateMany({
    where: { id: sessionId, status: "open", expiresAt: { gt: new Date() } },
    data: outcome === "pay" ? { status: "complete", paymentStatus: "paid", paymentIntentId, shipping: shipTo } : { status: "complete", paymentIntentId, shipping: shipTo },
  });
  const row = await db().sandboxCheckoutSession.findUnique({ where: { id: sessionId } });
  if (!row || count === 0) return row ? toSession(row) : null;
  const session = sessionObject(row);
  if (outcome === "pay") {
    await recordBalance({ type: "charge", amountFen: row.amountFen, paymentIntentId });
    await deliverSandboxEvent("checkout.session.completed", session);
  } else {
    // An asynchronous payment method that then fails, as Stripe reports it.
    await deliverSandboxEvent("checkout.session.completed", session);
    await deliverSandboxEvent("checkout.session.async_payment_failed", session);
  }
  return toSession(row);
}

function sessionObject(row: SessionRow) {
  const shipTo = shippingOf(row);
  const stripeShape = shipTo ? toStripe(shipTo) : null;
  return {
    id: row.id,
    object: "checkout.session",
    client_reference_id: row.orderId,
    metadata: { orderId: row.orderId },
    status: row.status,
    payment_status: row.paymentStatus,
    payment_intent: row.paymentIntentId,
    amount_total: Number(row.amountFen),
    currency: row.currency,
    // Where Stripe Checkout puts what it collected (API 2025 and later).
    collected_information: stripeShape ? { shipping_details: stripeShape.shipping } : null,
    customer_details: stripeShape ? { phone: stripeShape.phone } : null,
  };
}

/** Where sandbox events are POSTed: this deployment's own webhook endpoint. */
function webhookUrl() {
  const { PUBLIC_URL, PORT } = env();
  return new URL("/webhooks/stripe", PUBLIC_URL ?? `http://127.0.0.1:${PORT}`).toString();
}

async function deliverSandboxEvent(type: string, object: Record<string, unknown>) {
  const payload = JSON.stringify({ id: newId("evt"), object: "event", type, created: Math.floor(Date.now() / 1000), livemode: false, data: { object } });
  const signature = stripeClient().webhooks.generateTestHeaderString({ payload, secret: webhookSecret() });
  const response = await fetch(webhookUrl(), { method: "POST", headers: { "Content-Type": "application/json", "Stripe-Signature": signature }, body: payload });
  if (!response.ok) throw new Error(`sandbox event ${type} was refused: ${response.status} ${await response.text()}`);
}
