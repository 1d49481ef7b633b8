import { env } from "~/utils/env.server";
import { sandboxProvider } from "./sandbox-provider.server";
import { stripeClient } from "./stripe-client.server";
import { stripeProvider } from "./stripe-provider.server";

// Payments go through Stripe Checkout when STRIPE_SECRET_KEY is set, and through the sandbox
// (a local checkout page in which no money moves) when it is not: the demo default.

export type CheckoutLine = { name: string; unitAmountFen: bigint; quantity: number };

export type CheckoutSession = {
  id: string;
  url: string;
  status: "open" | "complete" | "expired";
  paymentStatus: "paid" | "unpaid" | "no_payment_required";
  paymentIntentId: string | null;
  orderId: string | null;
};

export interface PaymentProvider {
  readonly name: "stripe" | "sandbox";
  createCheckoutSession(input: {
    orderId: string;
    lines: CheckoutLine[];
    currency: string;
    successUrl: string;
    cancelUrl: string;
    expiresAt: Date;
    idempotencyKey: string;
  }): Promise<CheckoutSession>;
  retrieveCheckoutSession(id: string): Promise<CheckoutSession>;
  expireCheckoutSession(id: string): Promise<void>;
  refund(input: { paymentIntentId: string; amountFen: bigint; idempotencyKey: string }): Promise<{ id: string }>;
}

export function paymentProvider(): PaymentProvider {
  return env().STRIPE_SECRET_KEY ? stripeProvider(stripeClient()) : sandboxProvider;
}

