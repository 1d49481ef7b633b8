import type Stripe from "stripe";
import type { CheckoutSession, PaymentProvider } from "./provider.server";

function toSession(session: Stripe.Checkout.Session): CheckoutSession {
  return {
    id: session.id,
    url: session.url ?? "",
    status: (session.status ?? "open") as CheckoutSession["status"],
    paymentStatus: session.payment_status as CheckoutSession["paymentStatus"],
    paymentIntentId: typeof session.payment_intent === "string" ? session.payment_intent : (session.payment_intent?.id ?? null),
    orderId: session.client_reference_id ?? session.metadata?.orderId ?? null,
  };
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
  };
}
