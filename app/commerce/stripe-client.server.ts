import { createHmac } from "node:crypto";
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

/**
 * The secret webhook signatures are checked with: Stripe's, or without Stripe keys the sandbox's,
 * which is this installation's own (derived from its session secret, which `npm start` generates
 * per installation): no secret that would let anyone forge a "paid" event ships with the code.
 */
export function webhookSecret(): string {
  const { STRIPE_WEBHOOK_SECRET, SESSION_SECRET } = env();
  if (STRIPE_WEBHOOK_SECRET) return STRIPE_WEBHOOK_SECRET;
  if (!SESSION_SECRET) throw new Error("SESSION_SECRET is required to sign and check the sandbox's payment events");
  return `whsec_sandbox_${createHmac("sha256", SESSION_SECRET).update("sapling sandbox webhook signing").digest("hex")}`;
}
