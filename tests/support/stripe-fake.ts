import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";

// A local, stateful stand-in for the Stripe endpoints Sapling uses (Checkout Sessions, refunds),
// spoken to by the real `stripe` SDK over HTTP. Stripe cannot be reached from these machines;
// this fake keeps what the app relies on: form-encoded requests, idempotency keys that replay the
// first answer, sessions that complete or expire, refunds that add up. It can also fail on demand.

type Session = {
  id: string;
  object: "checkout.session";
  url: string;
  status: "open" | "complete" | "expired";
  payment_status: "unpaid" | "paid";
  payment_intent: string | null;
  client_reference_id: string | null;
  metadata: Record<string, string>;
  amount_total: number;
  currency: string;
  expires_at: number;
  line_items: { name: string; unit_amount: number; quantity: number }[];
};

type Refund = { id: string; object: "refund"; amount: number; payment_intent: string; status: "succeeded"; charge: string };

const id = (prefix: string) => `${prefix}_${randomBytes(12).toString("hex")}`;

/** Stripe's form encoding (a[b][0][c]=d) back into objects. */
function decodeForm(body: string): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const [rawKey, value] of new URLSearchParams(body)) {
    const path = rawKey.replace(/\]/g, "").split("[");
    let node: Record<string, unknown> = root;
    path.forEach((key, i) => {
      if (i === path.length - 1) node[key] = value;
      else node = (node[key] ??= {}) as Record<string, unknown>;
    });
  }
  return root;
}

const read = (request: IncomingMessage) =>
  new Promise<string>((resolve) => {
    let body = "";
    request.on("data", (chunk) => (body += chunk));
    request.on("end", () => resolve(body));
  });

export class StripeFake {
  readonly sessions = new Map<string, Session>();
  readonly refunds: Refund[] = [];
  readonly requests: { method: string; path: string; idempotencyKey: string | undefined }[] = [];
  /** Paths (or prefixes) that answer 500 the next `count` times. */
  private failures = new Map<string, number>();
  private replies = new Map<string, { status: number; body: unknown }>();
  private server: Server | undefined;

  async start(): Promise<{ host: string; port: number }> {
    this.server = createServer(async (request, response) => {
      const body = await read(request);
      const path = (request.url ?? "").split("?")[0]!;
      const key = request.headers["idempotency-key"] as string | undefined;
      this.requests.push({ method: request.method!, path, idempotencyKey: key });
      const send = (status: number, payload: unknown) => {
        response.writeHead(status, { "Content-Type": "application/json", "Request-Id": id("req") });
        response.end(JSON.stringify(payload));
      };
      const failing = [...this.failures.entries()].find(([prefix, count]) => count > 0 && path.startsWith(prefix));
      if (failing) {
        this.failures.set(failing[0], failing[1] - 1);
        return send(500, { error: { type: "api_error", message: "injected failure" } });
      }
      const replayKey = key ? `${request.method} ${path} ${key}` : null;
      if (replayKey && this.replies.has(replayKey)) {
        const first = this.replies.get(replayKey)!;
        return send(first.status, first.body);
      }
      const [status, payload] = this.route(request.method!, path, decodeForm(body));
      if (replayKey && status < 500) this.replies.set(replayKey, { status, body: payload });
      send(status, payload);
    });
    await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
    return { host: "127.0.0.1", port: (this.server!.address() as AddressInfo).port };
  }

  async stop() {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  failNext(pathPrefix: string, count = 1) {
    this.failures.set(pathPrefix, count);
  }

  /** The customer pays on Stripe's page. */
  pay(sessionId: string, options: { async?: boolean } = {}): Session {
    const session = this.sessions.get(sessionId)!;
    session.status = "complete";
    session.payment_intent ??= id("pi");
    session.payment_status = options.async ? "unpaid" : "paid";
    return session;
  }

  settleAsync(sessionId: string): Session {
    const session = this.sessions.get(sessionId)!;
    session.payment_status = "paid";
    return session;
  }

  expire(sessionId: string): Session {
    const session = this.sessions.get(sessionId)!;
    session.status = "expired";
    return session;
  }

  private route(method: string, path: string, form: Record<string, unknown>): [number, unknown] {
    if (method === "POST" && path === "/v1/checkout/sessions") return [200, this.createSession(form)];
    const sessionMatch = path.match(/^\/v1\/checkout\/sessions\/([^/]+)(\/expire)?$/);
    if (sessionMatch) {
      const session = this.sessions.get(sessionMatch[1]!);
      if (!session) return [404, { error: { type: "invalid_request_error", code: "resource_missing", message: "No such checkout.session" } }];
      if (method === "POST" && sessionMatch[2]) {
        if (session.status !== "open") return [400, { error: { type: "invalid_request_error", message: "Only open sessions can be expired" } }];
        return [200, this.expire(session.id)];
      }
      if (method === "GET") return [200, session];
    }
    if (method === "POST" && path === "/v1/refunds") {
      const paymentIntent = String(form.payment_intent);
      const session = [...this.sessions.values()].find((s) => s.payment_intent === paymentIntent && s.payment_status === "paid");
      if (!session) return [404, { error: { type: "invalid_request_error", code: "resource_missing", message: "No such payment_intent" } }];
      const already = this.refunds.filter((r) => r.payment_intent === paymentIntent).reduce((sum, r) => sum + r.amount, 0);
      const amount = form.amount ? Number(form.amount) : session.amount_total - already;
      if (amount <= 0 || already + amount > session.amount_total) {
        return [400, { error: { type: "invalid_request_error", code: "charge_already_refunded", message: "Refund exceeds the charge" } }];
      }
      const refund: Refund = { id: id("re"), object: "refund", amount, payment_intent: paymentIntent, status: "succeeded", charge: `ch_${paymentIntent}` };
      this.refunds.push(refund);
      return [200, refund];
    }
    return [404, { error: { type: "invalid_request_error", message: `Unrecognized request URL (${method}: ${path})` } }];
  }

  private createSession(form: Record<string, unknown>): Session {
    const items = Object.values((form.line_items ?? {}) as Record<string, { quantity: string; price_data: { unit_amount: string; currency: string; product_data: { name: string } } }>);
    const sessionId = id("cs_test");
    const session: Session = {
      id: sessionId,
      object: "checkout.session",
      url: `https://checkout.stripe.test/pay/${sessionId}`,
      status: "open",
      payment_status: "unpaid",
      payment_intent: null,
      client_reference_id: (form.client_reference_id as string) ?? null,
      metadata: (form.metadata as Record<string, string>) ?? {},
      amount_total: items.reduce((sum, item) => sum + Number(item.price_data.unit_amount) * Number(item.quantity), 0),
      currency: items[0]?.price_data.currency ?? "cny",
      expires_at: Number(form.expires_at ?? Math.floor(Date.now() / 1000) + 1800),
      line_items: items.map((item) => ({ name: item.price_data.product_data.name, unit_amount: Number(item.price_data.unit_amount), quantity: Number(item.quantity) })),
    };
    this.sessions.set(sessionId, session);
    return session;
  }
}
