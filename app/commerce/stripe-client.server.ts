import Stripe from "stripe";
import { env } from "~/utils/env.server";
import { singleton } from "~/utils/singleton.server";

/** The Stripe client: the real API, or wherever STRIPE_API_BASE points (the tests' local fake). */
export function stripeClient(): Stripe {
  return singleton("stripe", () => {
    const { STRIPE_SECRET_KEY, STRIPE_API_BASE } = env();
    const base = STRIPE_API_BASE ? new URL(STRIPE_API_BASE) : null;
    return new Stripe(STRIPE_SECRET_KEY ?? "sk_sandbox_no_money_moves", {
      maxNetworkRetries: 2,
      ...(base ? { host: base.hostname, port: Number(base.port), protocol: base.protocol.replace(":", "") as "http" | "https" } : {}),
    });
  });
}

/** The secret webhook signatures are checked with; the sandbox signs its events with its own. */
export function webhookSecret(): string {
  return env().STRIPE_WEBHOOK_SECRET ?? SANDBOX_WEBHOOK_SECRET;
}

export const SANDBOX_WEBHOOK_SECRET = "whsec_sandbox_no_money_moves";
