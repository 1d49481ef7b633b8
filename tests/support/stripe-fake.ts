import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type Stripe from "stripe";

// A local, stateful stand-in for the Stripe endpoints Sapling uses (Checkout Sessions, refunds,
// Connect transfers and their reversals, balance transactions, payouts to the bank), spoken to by
// the real `stripe` SDK over HTTP. Stripe
// cannot be reached from these machines; this fake keeps what the app relies on, as Stripe's docs
// describe it: form-encoded requests; an idempotency key replays the first answer of a POST (with
// `Idempotent-Replayed: true`), including a 500 once the work had begun, and the same key with
// other parameters is a 400 idempotency_error; a session's line_items only when expanded;
// sessions that complete or expire, refunds that add up. It can also fail on demand.

// Objects as the SDK types them (picked: the fake keeps the fields Sapling and its tests use), so
// a field renamed or retyped in a new SDK breaks the fake's build rather than passing unnoticed.
export type Session = Pick<Stripe.Checkout.Session, "id" | "object" | "url" | "status" | "payment_status" | "client_reference_id" | "metadata" | "amount_total" | "currency" | "expires_at"> & {
  payment_intent: string | null;
};
type LineItem = Pick<Stripe.LineItem, "id" | "object" | "amount_subtotal" | "amount_total" | "currency" | "description" | "quantity"> & {
  price: Pick<Stripe.Price, "object" | "currency" | "unit_amount">;
};
type Refund = Pick<Stripe.Refund, "id" | "object" | "amount" | "currency" | "status" | "created"> & { payment_intent: string; charge: string };
type Charge = Pick<Stripe.Charge, "id" | "object" | "amount" | "currency" | "created"> & { payment_intent: string };
export type Transfer = Pick<Stripe.Transfer, "id" | "object" | "amount" | "amount_reversed" | "currency" | "transfer_group" | "metadata" | "created"> & { destination: string };
export type BalanceTransaction = Pick<Stripe.BalanceTransaction, "id" | "object" | "amount" | "fee" | "net" | "currency" | "created"> & {
  type: Extract<Stripe.BalanceTransaction.Type, "charge" | "refund" | "transfer" | "transfer_refund" | "payout" | "payout_failure">;
  source: string;
};
export type TransferReversal = Pick<Stripe.TransferReversal, "id" | "object" | "amount" | "currency" | "created"> & { transfer: string };
export type BankPayout = Pick<Stripe.Payout, "id" | "object" | "amount" | "currency" | "status" | "created">;
type StripeError = { error: Pick<Stripe.StripeRawError, "type" | "code" | "message"> };

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

/** A form body with its parameters in one order: the same parameters, however the SDK ordered them. */
const canonical = (body: string) => [...new URLSearchParams(body)].map(([k, v]) => `${k}=${v}`).sort().join("&");

const read = (request: IncomingMessage) =>
  new Promise<string>((resolve) => {
    let body = "";
    request.on("data", (chunk) => (body += chunk));
    request.on("end", () => resolve(body));
  });

export class StripeFake {
  readonly sessions = new Map<string, Session>();
  /** Each session's line items, answered only to `expand[]=line_items`. */
  readonly lineItems = new Map<string, LineItem[]>();
  readonly refunds: Refund[] = [];
  readonly charges = new Map<string, Charge>();
  readonly transfers: Transfer[] = [];
  readonly balanceTransactions: BalanceTransaction[] = [];
  readonly reversals: TransferReversal[] = [];
  readonly bankPayouts: BankPayout[] = [];
  /** The balance transactions each payout to the bank carried. */
  private carried = new Map<string, string[]>();
  /** Paths whose next answers are lost after the work is done (the connection drops). */
  private drops = new Map<string, number>();
  private delays = new Map<string, number>();
  readonly requests: { method: string; path: string; idempotencyKey: string | undefined }[] = [];
  /** Paths (or prefixes) that answer 500 the next `count` times, before any work (nothing is kept for the key). */
  private failures = new Map<string, number>();
  /** Paths whose next requests fail once their work had begun: the 500 is kept for the key. */
  private midWorkFailures = new Map<string, { count: number; workDone: boolean }>();
  /** The first answer to each idempotency key, with the request it answered. */
  private replies = new Map<string, { request: string; status: number; body: unknown }>();
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
      const params = decodeForm(request.method === "GET" ? query : body);
      // Stripe keeps keys for POSTs only, per account (not per path): the same key with another
      // request is refused, whatever the endpoint.
      const idempotent = request.method === "POST" && key !== undefined;
      const fingerprint = `${request.method} ${path} ${canonical(body)}`;
      let reply = idempotent ? this.replies.get(key) : undefined;
      let replayed = reply !== undefined;
      if (reply && reply.request !== fingerprint) {
        replayed = false;
        reply = {
          request: fingerprint,
          status: 400,
          body: {
            error: {
              type: "idempotency_error",
              message: `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`,
            },
          } satisfies StripeError,
        };
      }
      if (!reply) {
        const midWork = [...this.midWorkFailures.entries()].find(([prefix, fault]) => fault.count > 0 && matches(prefix));
        if (midWork) {
          this.midWorkFailures.set(midWork[0], { ...midWork[1], count: midWork[1].count - 1 });
          if (midWork[1].workDone) this.route(request.method!, path, params);
          reply = { request: fingerprint, status: 500, body: { error: { type: "api_error", message: "An unknown error occurred" } } satisfies StripeError };
        } else {
          const [status, payload] = this.route(request.method!, path, params);
          reply = { request: fingerprint, status, body: payload };
        }
        // Kept once the endpoint began: a success, a refusal of the work, or a 500 during it. A
        // request refused before (a 400 on its parameters) is not kept in Stripe either, but
        // the fake cannot tell those apart and keeps them too, which only makes a retry fail louder.
        if (idempotent) this.replies.set(key, reply);
      }
      const dropping = [...this.drops.entries()].find(([prefix, count]) => count > 0 && matches(prefix));
      if (dropping) {
        this.drops.set(dropping[0], dropping[1] - 1);
        return request.socket.destroy();
      }
      if (replayed) response.setHeader("Idempotent-Replayed", "true");
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

  /**
   * The next `count` requests fail with a 500 after their work began: done (`workDone`, the
   * transfer exists) or not. Stripe keeps that 500 for the key: retries with it get it again.
   */
  failMidWork(pathPrefix: string, count = 1, { workDone }: { workDone: boolean }) {
    this.midWorkFailures.set(pathPrefix, { count, workDone });
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

  /** A transfer as a `transfer.reversed` event carries it: with the list of its reversals. */
  transferWithReversals(transferId: string) {
    const transfer = this.transfers.find((t) => t.id === transferId)!;
    const data = this.reversals.filter((r) => r.transfer === transferId).reverse();
    return { ...transfer, reversals: { object: "list" as const, url: `/v1/transfers/${transferId}/reversals`, has_more: false, data } };
  }

  /**
   * Stripe pays the balance out to the platform's bank, as its automatic payouts do: everything
   * since the last payout, net of fees, in one payout whose balance transaction is negative.
   */
  payOutToBank(): BankPayout {
    const last = this.balanceTransactions.findLastIndex((bt) => bt.type === "payout");
    const amount = this.balanceTransactions.slice(last + 1).reduce((sum, bt) => sum + bt.net, 0);
    const payout: BankPayout = { id: id("po"), object: "payout", amount, currency: "cny", status: "paid", created: now() };
    this.bankPayouts.push(payout);
    this.carried.set(payout.id, this.balanceTransactions.slice(last + 1).map((bt) => bt.id));
    this.addBalance("payout", -amount, payout.id);
    return payout;
  }

  /** The balance transactions a payout to the bank carried. */
  carriedBy(payoutId: string): BalanceTransaction[] {
    const ids = new Set(this.carried.get(payoutId) ?? []);
    return this.balanceTransactions.filter((bt) => ids.has(bt.id));
  }

  /** The bank sends a payout back: Stripe marks it failed and returns the money to the balance. */
  failBankPayout(payoutId: string): BankPayout {
    const payout = this.bankPayouts.find((p) => p.id === payoutId)!;
    payout.status = "failed";
    this.addBalance("payout_failure", payout.amount, payout.id);
    return payout;
  }

  private charge(session: Session) {
    const chargeId = `ch_${session.payment_intent}`;
    if (session.payment_status !== "paid" || this.charges.has(chargeId)) return;
    const amount = session.amount_total!;
    this.charges.set(chargeId, { id: chargeId, object: "charge", amount, currency: session.currency!, payment_intent: session.payment_intent!, created: now() });
    this.addBalance("charge", amount, chargeId, FAKE_FEE(amount));
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
    if (method === "POST" && path === "/v1/checkout/sessions") return [200, this.withLineItems(this.createSession(form), form)];
    const sessionMatch = path.match(/^\/v1\/checkout\/sessions\/([^/]+)(\/expire)?$/);
    if (sessionMatch) {
      const session = this.sessions.get(sessionMatch[1]!);
      if (!session) return [404, { error: { type: "invalid_request_error", code: "resource_missing", message: "No such checkout.session" } }];
      if (method === "POST" && sessionMatch[2]) {
        if (session.status !== "open") return [400, { error: { type: "invalid_request_error", message: "Only open sessions can be expired" } }];
        return [200, this.expire(session.id)];
      }
      if (method === "GET") return [200, this.withLineItems(session, form)];
    }
    if (method === "POST" && path === "/v1/refunds") {
      const paymentIntent = String(form.payment_intent);
      const session = [...this.sessions.values()].find((s) => s.payment_intent === paymentIntent && s.payment_status === "paid");
      if (!session) return [404, { error: { type: "invalid_request_error", code: "resource_missing", message: "No such payment_intent" } }];
      const already = this.refunds.filter((r) => r.payment_intent === paymentIntent).reduce((sum, r) => sum + r.amount, 0);
      const amount = form.amount ? Number(form.amount) : session.amount_total! - already;
      if (amount <= 0 || already + amount > session.amount_total!) {
        return [400, { error: { type: "invalid_request_error", code: "charge_already_refunded", message: "Refund exceeds the charge" } }];
      }
      const refund: Refund = { id: id("re"), object: "refund", amount, currency: session.currency!, payment_intent: paymentIntent, status: "succeeded", charge: `ch_${paymentIntent}`, created: now() };
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
    const reversalMatch = path.match(/^\/v1\/transfers\/([^/]+)\/reversals$/);
    if (method === "POST" && reversalMatch) {
      const transfer = this.transfers.find((t) => t.id === reversalMatch[1]);
      if (!transfer) return [404, { error: { type: "invalid_request_error", code: "resource_missing", message: `No such transfer: '${reversalMatch[1]}'` } }];
      const amount = form.amount ? Number(form.amount) : transfer.amount - transfer.amount_reversed;
      if (amount <= 0 || transfer.amount_reversed + amount > transfer.amount) {
        return [400, { error: { type: "invalid_request_error", code: "transfer_already_reversed", message: "Reversal exceeds the transfer" } }];
      }
      const reversal: TransferReversal = { id: id("trr"), object: "transfer_reversal", amount, currency: transfer.currency, transfer: transfer.id, created: now() };
      transfer.amount_reversed += amount;
      this.reversals.push(reversal);
      this.addBalance("transfer_refund", amount, reversal.id);
      return [200, reversal];
    }
    if (method === "GET" && path === "/v1/transfers") {
      return [200, this.list("/v1/transfers", this.transfers.filter((t) => !form.transfer_group || t.transfer_group === form.transfer_group), form)];
    }
    if (method === "GET" && path === "/v1/balance_transactions") {
      const expand = JSON.stringify(form.expand ?? "").includes("data.source");
      const sources = (bt: BalanceTransaction) =>
        this.charges.get(bt.source) ??
        this.refunds.find((r) => r.id === bt.source) ??
        this.transfers.find((t) => t.id === bt.source) ??
        this.reversals.find((r) => r.id === bt.source) ??
        this.bankPayouts.find((p) => p.id === bt.source) ??
        bt.source;
      // ?payout=po_…: what that payout carried, and the payout's own transaction, as Stripe lists them.
      const carried = form.payout ? new Set([...(this.carried.get(String(form.payout)) ?? []), ...this.balanceTransactions.filter((bt) => bt.source === form.payout && bt.type === "payout").map((bt) => bt.id)]) : null;
      const list = this.list("/v1/balance_transactions", carried ? this.balanceTransactions.filter((bt) => carried.has(bt.id)) : this.balanceTransactions, form);
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

  /** A session as Stripe answers it: line_items only when the request expanded them (a list of items). */
  private withLineItems(session: Session, form: Record<string, unknown>) {
    const expand = Object.values((form.expand ?? {}) as Record<string, string>);
    if (!expand.includes("line_items")) return session;
    const data = this.lineItems.get(session.id) ?? [];
    return { ...session, line_items: { object: "list", url: `/v1/checkout/sessions/${session.id}/line_items`, has_more: false, data } };
  }

  private createSession(form: Record<string, unknown>): Session {
    const items = Object.values((form.line_items ?? {}) as Record<string, { quantity: string; price_data: { unit_amount: string; currency: string; product_data: { name: string } } }>);
    const sessionId = id("cs_test");
    const currency = items[0]?.price_data.currency ?? "cny";
    const lineItems: LineItem[] = items.map((item) => {
      const total = Number(item.price_data.unit_amount) * Number(item.quantity);
      return {
        id: id("li"),
        object: "item",
        amount_subtotal: total,
        amount_total: total,
        currency,
        description: item.price_data.product_data.name,
        quantity: Number(item.quantity),
        price: { object: "price", currency, unit_amount: Number(item.price_data.unit_amount) },
      };
    });
    const session: Session = {
      id: sessionId,
      object: "checkout.session",
      url: `https://checkout.stripe.test/pay/${sessionId}`,
      status: "open",
      payment_status: "unpaid",
      payment_intent: null,
      client_reference_id: (form.client_reference_id as string) ?? null,
      metadata: (form.metadata as Record<string, string>) ?? {},
      amount_total: lineItems.reduce((sum, item) => sum + item.amount_total, 0),
      currency,
      expires_at: Number(form.expires_at ?? Math.floor(Date.now() / 1000) + 1800),
    };
    this.sessions.set(sessionId, session);
    this.lineItems.set(sessionId, lineItems);
    return session;
  }
}
