import { randomBytes, randomUUID } from "node:crypto";
import { inject } from "vitest";
import { signatureHeader } from "~/energy/partners.server";
import { DEMO_PARTNER } from "../../prisma/seed";
import { signupTokenFor } from "./mail";
import { unusedCode } from "./totp";

/** JSON over HTTP to the server under test. */
export async function call(method: string, path: string, body?: unknown, token?: string) {
  const response = await fetch(`${inject("baseUrl")}${path}`, {
    method,
    headers: {
      ...(body === undefined ? {} : { "Content-Type": "application/json" }),
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

/** A new account through the API (asked for, then finished with the mailed link); its email, password, id and a bearer token. */
export async function newAccount(displayName: string) {
  const email = `${displayName.toLowerCase()}-${randomBytes(4).toString("hex")}@example.com`;
  const password = "e2e password 123";
  const asked = await call("POST", "/api/v1/users", { email, password, displayName });
  if (asked.status !== 202) throw new Error(`sign-up failed: ${JSON.stringify(asked)}`);
  const { body } = await call("POST", "/api/v1/users/confirmations", { token: await signupTokenFor(email) });
  const { body: session } = await call("POST", "/api/v1/sessions", { email, password });
  return { id: body.id as string, email, password, displayName, token: session.token as string };
}

/** The seeded demo partner reports an action, signed as a real partner would. */
export async function reportAction(user: string, type: string, occurredAt: Date, extra: Record<string, unknown> = {}) {
  const raw = JSON.stringify({ id: randomUUID(), user, type, occurredAt: occurredAt.toISOString(), ...extra });
  const response = await fetch(`${inject("baseUrl")}/api/v1/partner/actions`, {
    method: "POST",
    headers: { "Content-Type": "application/json", "Sapling-Partner": DEMO_PARTNER.keyId, "Sapling-Signature": signatureHeader(DEMO_PARTNER.secret, raw) },
    body: raw,
  });
  return { status: response.status, body: await response.json() };
}

/** Two days ago: the ball ripened yesterday at 07:00 and has two more days to live, whatever the hour now. */
export const twoDaysAgo = () => new Date(Date.now() - 48 * 3600_000);

/** The demo operator grants energy through the API, so tests never touch the shared demo users. */
// One operator session per test file: its first grant gives an authenticator code, which covers
// the session's next ones for ten minutes (app/auth/totp.server.ts).
let operatorToken: Promise<string> | undefined;

export async function grantAsOperator(userId: string, grams: number) {
  operatorToken ??= call("POST", "/api/v1/sessions", { email: "operator@sapling.demo", password: "sapling-demo" }).then(({ body }) => body.token as string);
  const token = await operatorToken;
  const grant = (totp?: string) => call("POST", "/api/v1/ops/energy-adjustments", { userId, grams, reason: "e2e budget", idempotencyKey: randomUUID(), totp }, token);
  let granted = await grant();
  if (granted.status === 403 && granted.body.error?.code === "totp_required") granted = await grant(await unusedCode("operator@sapling.demo"));
  if (granted.status !== 201) throw new Error(`grant failed: ${JSON.stringify(granted)}`);
}
