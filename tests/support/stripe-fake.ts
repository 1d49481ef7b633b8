import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";

// A local, stateful stand-in for the Stripe endpoints Sapling uses (Checkout Sessions, refunds,
// Connect transfers, balance transactions),
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

type Refund = { id: string; object: "refund"; amount: number; payment_intent: string; status: "succeeded"; charge: string; created: number };
type Charge = { id: string; object: "charge"; amount: number; payment_intent: string; created: number };
export type Transfer = {
  id: string;
  object: "transfer";
  amount: number;
  amount_reversed: number;
  currency: string;
  destination: string;
  transfer_group: string | null;
  metadata: Record<string, string>;
  created: number;
};
export type BalanceTransaction = {
  id: string;
  object: "balance_transaction";
  type: "charge" | "refund" | "transfer";
  amount: number;
  fee: number;
  net: number;
  currency: string;
  created: number;
  source: string;
};

/** The fake's processing fee: 0.6% of a charge, rounded. */
export const FAKE_FEE = (amount: number) => Math.round(amount * 0.006);
const now = () => Math.floor(Date.now() / 1000);

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
  readonly charges = new Map<string, Charge>();
  readonly transfers: Transfer[] = [];
  readonly balanceTransactions: BalanceTransaction[] = [];
  /** Paths whose next answers are lost after the work is done (the connection drops). */
  private drops = new Map<string, number>();
  private delays = new Map<string, number>();
  readonly requests: { method: string; path: string; idempotencyKey: string | undefined }[] = [];
  /** Paths (or prefixes) that answer 500 the next `count` times. */
  private failures = new Map<string, number>();
  private replies = new Map<string, { status: number; body: unknown }>();
  private server: Server | undefined;

  async start(): Promise<{ host: string; port: number }> {
    this.server = createServer(async (request, response) => {
      const body = await read(request);
      const [path = "", query = ""] = (request.url ?? "").split("?");
      const key = request.headers["idempotency-key"] as string | undefined;
      this.requests.push({ method: request.method!, path, idempotencyKey: key });
      const send = (status: number, payload: unknown) => {
        response.writeHead(status, { "Content-Type": "application/json", "Request-Id": id("req") });
        response.end(JSON.stringify(payload));
      };
      // Prefixes match the path ("/v1/transfers") or the method and path ("POST /v1/transfers").
      const matches = (prefix: string) => path.startsWith(prefix) || `${request.method} ${path}`.startsWith(prefix);
      const failing = [...this.failures.entries()].find(([prefix, count]) => count > 0 && matches(prefix));
      if (failing) {
        this.failures.set(failing[0], failing[1] - 1);
        return send(500, { error: { type: "api_error", message: "injected failure" } });
      }
      const delay = [...this.delays.entries()].find(([prefix]) => matches(prefix));
      if (delay) await new Promise((resolve) => setTimeout(resolve, delay[1]));
      const replayKey = key ? `${request.method} ${path} ${key}` : null;
      let reply = replayKey ? this.replies.get(replayKey) : undefined;
      if (!reply) {
        const [status, payload] = this.route(request.method!, path, decodeForm(request.method === "GET" ? query : body));
        reply = { status, body: payload };
        if (replayKey && status < 500) this.replies.set(replayKey, reply);
      }
      const dropping = [...this.drops.entries()].find(([prefix, count]) => count > 0 && matches(prefix));
      if (dropping) {
        this.drops.set(dropping[0], dropping[1] - 1);
        return request.socket.destroy();
      }
      send(reply.status, reply.body);
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

  /** Does the next `count` requests' work, then drops the connection before answering. */
  dropNext(pathPrefix: string, count = 1) {
    this.drops.set(pathPrefix, count);
  }

  /** Answers requests to a path only after `ms` (0 to stop). */
  slowDown(pathPrefix: string, ms: number) {
    if (ms > 0) this.delays.set(pathPrefix, ms);
    else this.delays.delete(pathPrefix);
  }

  /** Stripe keeps idempotency keys for 24 hours: this is what it remembers after that. */
  forgetIdempotencyKeys() {
    this.replies.clear();
  }

  private addBalance(type: BalanceTransaction["type"], amount: number, source: string, fee = 0): BalanceTransaction {
    const bt: BalanceTransaction = { id: id("txn"), object: "balance_transaction", type, amount, fee, net: amount - fee, currency: "cny", created: now(), source };
    this.balanceTransactions.push(bt);
    return bt;
  }

  private charge(session: Session) {
    const chargeId = `ch_${session.payment_intent}`;
    if (session.payment_status !== "paid" || this.charges.has(chargeId)) return;
    this.charges.set(chargeId, { id: chargeId, object: "charge", amount: session.amount_total, payment_intent: session.payment_intent!, created: now() });
    this.addBalance("charge", session.amount_total, chargeId, FAKE_FEE(session.amount_total));
  }

  /** The customer pays on Stripe's page. */
  pay(sessionId: string, options: { async?: boolean } = {}): Session {
    const session = this.sessions.get(sessionId)!;
    session.status = "complete";
    session.payment_intent ??= id("pi");
    session.payment_status = options.async ? "unpaid" : "paid";
    this.charge(session);
    return session;
  }

  settleAsync(sessionId: string): Session {
    const session = this.sessions.get(sessionId)!;
    session.payment_status = "paid";
    this.charge(session);
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
      const refund: Refund = { id: id("re"), object: "refund", amount, payment_intent: paymentIntent, status: "succeeded", charge: `ch_${paymentIntent}`, created: now() };
      this.refunds.push(refund);
      this.addBalance("refund", -amount, refund.id);
      return [200, refund];
    }
    if (method === "POST" && path === "/v1/transfers") {
      const destination = String(form.destination ?? "");
      if (!destination.startsWith("acct_")) return [400, { error: { type: "invalid_request_error", code: "resource_missing", message: `No such destination: '${destination}'` } }];
      const transfer: Transfer = {
        id: id("tr"),
        object: "transfer",
        amount: Number(form.amount),
        amount_reversed: 0,
        currency: String(form.currency),
        destination,
        transfer_group: (form.transfer_group as string) ?? null,
        metadata: (form.metadata as Record<string, string>) ?? {},
        created: now(),
      };
      this.transfers.push(transfer);
      this.addBalance("transfer", -transfer.amount, transfer.id);
      return [200, transfer];
    }
    if (method === "GET" && path === "/v1/transfers") {
      return [200, this.list("/v1/transfers", this.transfers.filter((t) => !form.transfer_group || t.transfer_group === form.transfer_group), form)];
    }
    if (method === "GET" && path === "/v1/balance_transactions") {
      const expand = JSON.stringify(form.expand ?? "").includes("data.source");
      const sources = (bt: BalanceTransaction) =>
        this.charges.get(bt.source) ?? this.refunds.find((r) => r.id === bt.source) ?? this.transfers.find((t) => t.id === bt.source) ?? bt.source;
      const list = this.list("/v1/balance_transactions", this.balanceTransactions, form);
      return [200, expand ? { ...list, data: list.data.map((bt) => ({ ...bt, source: sources(bt) })) } : list];
    }
    return [404, { error: { type: "invalid_request_error", message: `Unrecognized request URL (${method}: ${path})` } }];
  }

  /** A Stripe list: newest first, filtered by created[gte]/[lt], paged by limit and starting_after. */
  private list<T extends { id: string; created: number }>(url: string, items: T[], form: Record<string, unknown>) {
    const created = (form.created ?? {}) as { gte?: string; lt?: string };
    const filtered = items
      .filter((item) => (created.gte === undefined || item.created >= Number(created.gte)) && (created.lt === undefined || item.created < Number(created.lt)))
      .reverse();
    const after = form.starting_after ? filtered.findIndex((item) => item.id === form.starting_after) + 1 : 0;
    const limit = Number(form.limit ?? 10);
    const data = filtered.slice(after, after + limit);
    return { object: "list" as const, url, has_more: after + limit < filtered.length, data };
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
