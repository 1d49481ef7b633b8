import { env } from "~/utils/env.server";
import { sandboxProvider } from "./sandbox-provider.server";
import { stripeClient } from "./stripe-client.server";
import type { PaymentProvider } from "./payment-provider";
import { stripeProvider } from "./stripe-provider.server";

// Payments go through Stripe Checkout when STRIPE_SECRET_KEY is set, and through the sandbox
// (a local checkout page in which no money moves) when it is not: the demo default.

export function paymentProvider(): PaymentProvider {
  return env().STRIPE_SECRET_KEY ? stripeProvider(stripeClient()) : sandboxProvider;
}

