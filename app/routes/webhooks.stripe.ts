import { type ActionFunctionArgs, json } from "@remix-run/node";
import { applyEvent, BadSignature, MalformedEvent, verifyEvent } from "~/commerce/webhook.server";
import { tooManyRequests } from "~/utils/api.server";
import { logger } from "~/utils/logger.server";
import { clientIp, consume, RateLimited, RULES } from "~/utils/rate-limit.server";

// Stripe (or the sandbox) POSTs events here. The signature covers the raw body, so it is read as text.
export async function action({ request }: ActionFunctionArgs) {
  if (request.method !== "POST") return json({ error: "method_not_allowed" }, { status: 405, headers: { Allow: "POST" } });
  try {
    await consume(RULES.webhooksByIp, clientIp());
  } catch (error) {
    if (error instanceof RateLimited) return tooManyRequests(error);
    throw error;
  }
  const body = await request.text();
  try {
    const outcome = await applyEvent(verifyEvent(body, request.headers.get("stripe-signature")));
    return json({ received: true, outcome });
  } catch (error) {
    if (error instanceof BadSignature) {
      logger.warn({ reason: error.message }, "stripe webhook with a bad signature");
      return json({ error: "bad_signature" }, { status: 400 });
    }
    if (error instanceof MalformedEvent) {
      logger.warn({ reason: error.message }, "stripe webhook event that cannot be read");
      return json({ error: "malformed_event", message: error.message }, { status: 400 });
    }
    throw error;
  }
}

export const loader = () => json({ error: "method_not_allowed" }, { status: 405, headers: { Allow: "POST" } });
