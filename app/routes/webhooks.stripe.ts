import type { ActionFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { applyEvent, BadSignature, verifyEvent } from "~/commerce/webhook.server";
import { logger } from "~/utils/logger.server";

// Stripe (or the sandbox) POSTs events here. The signature covers the raw body, so it is read as text.
export async function action({ request }: ActionFunctionArgs) {
  if (request.method !== "POST") return json({ error: "method_not_allowed" }, { status: 405, headers: { Allow: "POST" } });
  const body = await request.text();
  let event;
  try {
    event = verifyEvent(body, request.headers.get("stripe-signature"));
  } catch (error) {
    if (error instanceof BadSignature) {
      logger.warn({ reason: error.message }, "stripe webhook with a bad signature");
      return json({ error: "bad_signature" }, { status: 400 });
    }
    throw error;
  }
  const outcome = await applyEvent(event);
  return json({ received: true, outcome });
}

export const loader = () => json({ error: "method_not_allowed" }, { status: 405, headers: { Allow: "POST" } });
