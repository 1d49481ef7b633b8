import type Stripe from "stripe";
import { fromStripe, type StripeShipping } from "./delivery";
import type { BalanceItem, CheckoutSession, PaymentProvider } from "./payment-provider";

const seconds = (date: Date) => Math.floor(date.getTime() / 1000);
const idOf = (value: string | { id: string } | null | undefined) => (typeof value === "string" ? value : (value?.id ?? null));

/** What a balance transaction is to the ledger. A transfer is read from the transfers themselves (with its metadata). */
function kindOf(type: Stripe.BalanceTransaction.Type): BalanceItem["kind"] {
  if (type === "charge" || type === "payment") return "charge";
  if (type === "refund" || type === "payment_refund") return "refund";
  // A Connect transfer reversed: Stripe calls its balance transaction a transfer refund.
  if (type === "transfer_refund") return "reversal";
  if (type === "payout" || type === "payout_failure" || type === "payout_cancel") return "bank_payout";
  return "other";
}

function balanceItem(bt: Stripe.BalanceTransaction): BalanceItem {
  const source = typeof bt.source === "object" ? bt.source : null;
  const kind = kindOf(bt.type);
  const paymentIntent = source && "payment_intent" in source ? idOf(source.payment_intent as string | { id: string } | null) : null;
  const reversed = kind === "reversal" && source && "transfer" in source ? idOf(source.transfer as string | { id: string } | null) : null;
  const bankPayout = kind === "bank_payout" ? (source ? source.id : typeof bt.source === "string" ? bt.source : null) : null;
  return { id: bt.id, kind, amountFen: BigInt(bt.amount), feeFen: BigInt(bt.fee), paymentIntentId: paymentIntent, transferId: reversed, payoutId: null, reversalId: kind === "reversal" ? (source?.id ?? null) : null, bankPayoutId: bankPayout, created: new Date(bt.created * 1000) };
}

function toSession(session: Stripe.Checkout.Session): CheckoutSession {
  return {
    id: session.id,
    url: session.url ?? "",
    status: (session.status ?? "open") as CheckoutSession["status"],
    paymentStatus: session.payment_status as CheckoutSession["paymentStatus"],
    paymentIntentId: typeof session.payment_intent === "string" ? session.payment_intent : (session.payment_intent?.id ?? null),
    orderId: session.client_reference_id ?? session.metadata?.orderId ?? null,
    amountTotalFen: session.amount_total === null || session.amount_total === undefined ? null : BigInt(session.amount_total),
    currency: session.currency ?? null,
    shipTo: fromStripe(shippingOf(session), session.customer_details?.phone),
  };
}

/** Where Stripe puts the collected address: collected_information since 2025, shipping_details before. */
export function shippingOf(session: { collected_information?: { shipping_details?: StripeShipping | null } | null; shipping_details?: StripeShipping | null }) {
  return session.collected_information?.shipping_details ?? session.shipping_details ?? null;
}

export function stripeProvider(stripe: Stripe): PaymentProvider {
  return {
    name: "stripe",
    async createCheckoutSession(input) {
      const session = await stripe.checkout.sessions.create(
        {
          mode: "payment",
          client_reference_id: input.orderId,
          metadata: { orderId: input.orderId },
          payment_intent_data: { metadata: { orderId: input.orderId } },
          line_items: input.lines.map((line) => ({
            quantity: line.quantity,
            price_data: { currency: input.currency, unit_amount: Number(line.unitAmountFen), product_data: { name: line.name } },
          })),
          // Products go by post: Checkout asks where to, and a phone for the courier (mainland China).
          shipping_address_collection: { allowed_countries: ["CN"] },
          phone_number_collection: { enabled: true },
          success_url: input.successUrl,
          cancel_url: input.cancelUrl,
          expires_at: Math.floor(input.expiresAt.getTime() / 1000),
        },
        { idempotencyKey: input.idempotencyKey },
      );
      return toSession(session);
    },
    async retrieveCheckoutSession(id) {
      return toSession(await stripe.checkout.sessions.retrieve(id));
    },
    async expireCheckoutSession(id) {
      await stripe.checkout.sessions.expire(id);
    },
    async refund(input) {
      const refund = await stripe.refunds.create({ payment_intent: input.paymentIntentId, amount: Number(input.amountFen) }, { idempotencyKey: input.idempotencyKey });
      return { id: refund.id };
    },
    async transfer(input) {
      const transfer = await stripe.transfers.create(
        { amount: Number(input.amountFen), currency: input.currency, destination: input.destination, transfer_group: input.transferGroup, metadata: { payoutId: input.payoutId } },
        { idempotencyKey: input.idempotencyKey },
      );
      return { id: transfer.id };
    },
    async bankPayoutContentsNet(payout) {
      let net = 0n;
      for await (const bt of stripe.balanceTransactions.list({ payout, limit: 100 })) {
        // Its own transaction is listed with it; an earlier payout the bank sent back is carried.
        if (bt.type !== "payout") net += BigInt(bt.net);
      }
      return net;
    },
    async findTransfer(transferGroup, payoutId) {
      for await (const transfer of stripe.transfers.list({ transfer_group: transferGroup, limit: 100 })) {
        if (transfer.metadata?.payoutId === payoutId) return { id: transfer.id };
      }
      return null;
    },
    async *balanceActivity(from, to) {
      const created = { gte: seconds(from), lt: seconds(to) };
      for await (const bt of stripe.balanceTransactions.list({ created, limit: 100, expand: ["data.source"] })) {
        const item = balanceItem(bt);
        if (item.kind !== "other") yield item;
      }
      for await (const transfer of stripe.transfers.list({ created, limit: 100 })) {
        yield {
          id: transfer.id,
          kind: "transfer",
          // The whole transfer: what was reversed is its own item (a transfer_refund).
          amountFen: -BigInt(transfer.amount),
          feeFen: 0n,
          paymentIntentId: null,
          transferId: transfer.id,
          payoutId: transfer.metadata?.payoutId ?? null,
          reversalId: null,
          bankPayoutId: null,
          created: new Date(transfer.created * 1000),
        };
      }
    },
  };
}
