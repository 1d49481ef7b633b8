import { randomUUID } from "node:crypto";
import pg from "pg";
import { afterEach, describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import { requestRedemption, RedemptionRefused } from "~/redemption/redeem.server";
import { findCertificate } from "~/redemption/certificates.server";
import { settleProject, settleRedemption } from "~/redemption/settle.server";
import { arrivalOrderBreaches, createTestProject, createTestUser, expectLedgerConsistent, ledgerTotals, makeFriends } from "../support/factories";

afterEach(expectLedgerConsistent);

describe("requesting a redemption", () => {
  it("moves the cost to escrow and records a PENDING redemption with its outbox row", async () => {
    const user = await createTestUser({ grams: 1_000 });
    const project = await createTestProject({ capacity: 10, unitCostGrams: 300 });
    const redemption = await requestRedemption({ userId: user.id, projectId: project.id, quantity: 2, idempotencyKey: randomUUID() });
    expect(redemption).toMatchObject({ status: "PENDING", costGrams: 600 });
    expect(await ledgerTotals(user.id)).toEqual({ balance: 400, escrow: 600 });
    expect((await db().user.findUniqueOrThrow({ where: { id: user.id } })).energyBalance).toBe(400);
    expect(await db().outboxEvent.count({ where: { jobKey: `redemption-${redemption.id}` } })).toBe(1);
  });

  it("refuses at once, writing nothing, when the balance is short", async () => {
    const user = await createTestUser({ grams: 299 });
    const project = await createTestProject({ capacity: 10, unitCostGrams: 300 });
    await expect(
      requestRedemption({ userId: user.id, projectId: project.id, quantity: 1, idempotencyKey: randomUUID() }),
    ).rejects.toEqual(new RedemptionRefused("insufficient_energy"));
    expect(await db().redemption.count({ where: { userId: user.id } })).toBe(0);
    expect(await ledgerTotals(user.id)).toEqual({ balance: 299, escrow: 0 });
  });

  it("debits once for ten simultaneous requests with the same idempotency key", async () => {
    const user = await createTestUser({ grams: 1_000 });
    const project = await createTestProject({ capacity: 10, unitCostGrams: 100 });
    const key = randomUUID();
    const results = await Promise.all(
      Array.from({ length: 10 }, () => requestRedemption({ userId: user.id, projectId: project.id, quantity: 1, idempotencyKey: key })),
    );
    expect(new Set(results.map((r) => r.id)).size).toBe(1);
    expect(await ledgerTotals(user.id)).toEqual({ balance: 900, escrow: 100 });
  });

  it("refuses to reuse a key for a different request", async () => {
    const user = await createTestUser({ grams: 1_000 });
    const project = await createTestProject({ capacity: 10, unitCostGrams: 100 });
    const key = randomUUID();
    await requestRedemption({ userId: user.id, projectId: project.id, quantity: 1, idempotencyKey: key });
    await expect(
      requestRedemption({ userId: user.id, projectId: project.id, quantity: 2, idempotencyKey: key }),
    ).rejects.toEqual(new RedemptionRefused("idempotency_conflict"));
  });
});

describe("requests arriving together (group commit)", () => {
  it("commits a burst of requests from many users in shared transactions, each answered as if alone", async () => {
    const project = await createTestProject({ capacity: 100, unitCostGrams: 10 });
    const users = await Promise.all(Array.from({ length: 40 }, (_, i) => createTestUser({ grams: i === 7 ? 5 : 100 })));
    const outcomes = await Promise.allSettled(users.map((user) => requestRedemption({ userId: user.id, projectId: project.slug, quantity: 2, idempotencyKey: randomUUID() })));
    expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(39);
    expect((outcomes[7] as PromiseRejectedResult).reason).toEqual(new RedemptionRefused("insufficient_energy"));
    const rows = await db().$queryRaw<{ transactions: bigint; places: bigint }[]>`
      SELECT count(DISTINCT xmin::text) AS transactions, count(DISTINCT seq) AS places FROM "Redemption" WHERE "projectId" = ${project.id}`;
    // Rows written by one transaction share its id (xmin): fewer transactions than requests.
    expect(Number(rows[0]!.transactions)).toBeLessThan(39);
    expect(Number(rows[0]!.places)).toBe(39);
    for (const user of users) expect((await ledgerTotals(user.id)).escrow).toBe(user.id === users[7]!.id ? 0 : 20);
    expect(await db().outboxEvent.count({ where: { topic: "redemption.requested", payload: { path: ["projectId"], equals: project.id } } })).toBe(39);
  });

  it("answers a replayed key, a key sent twice at once and one user's two requests inside one burst", async () => {
    const project = await createTestProject({ capacity: 100, unitCostGrams: 10 });
    const users = await Promise.all(Array.from({ length: 10 }, () => createTestUser({ grams: 30 })));
    const first = await requestRedemption({ userId: users[0]!.id, projectId: project.id, quantity: 1, idempotencyKey: "replayed-key" });
    const burst = await Promise.allSettled([
      requestRedemption({ userId: users[0]!.id, projectId: project.id, quantity: 1, idempotencyKey: "replayed-key" }),
      requestRedemption({ userId: users[1]!.id, projectId: project.id, quantity: 1, idempotencyKey: "twice-at-once" }),
      requestRedemption({ userId: users[1]!.id, projectId: project.id, quantity: 1, idempotencyKey: "twice-at-once" }),
      // 30 g buys three: the fourth of one user's requests in the burst finds the balance short.
      ...Array.from({ length: 4 }, (_, i) => requestRedemption({ userId: users[2]!.id, projectId: project.id, quantity: 1, idempotencyKey: `mine-${i}` })),
      ...users.slice(3).map((user) => requestRedemption({ userId: user.id, projectId: project.id, quantity: 1, idempotencyKey: randomUUID() })),
    ]);
    const value = (i: number) => (burst[i] as PromiseFulfilledResult<{ id: string }>).value;
    expect(value(0).id).toBe(first.id);
    expect(value(1).id).toBe(value(2).id);
    const mine = burst.slice(3, 7);
    expect(mine.filter((o) => o.status === "fulfilled")).toHaveLength(3);
    expect(mine.filter((o) => o.status === "rejected").map((o) => (o as PromiseRejectedResult).reason)).toEqual([new RedemptionRefused("insufficient_energy")]);
    expect(burst.slice(7).every((o) => o.status === "fulfilled")).toBe(true);
    expect(await db().redemption.count({ where: { projectId: project.id } })).toBe(1 + 1 + 3 + 7);
    expect((await ledgerTotals(users[1]!.id)).escrow).toBe(10);
  });
});

describe("a burst whose shared transaction fails", () => {
  it("runs each request again alone: the others are served, the key another process took answers with its redemption", async () => {
    const project = await createTestProject({ capacity: 100, unitCostGrams: 10 });
    const [racer, ...others] = await Promise.all(Array.from({ length: 5 }, () => createTestUser({ grams: 100 })));
    // Another process is inserting racer's key and has not committed: the burst's insert waits on it.
    const other = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await other.connect();
    await other.query("BEGIN");
    await other.query(
      `INSERT INTO "Redemption" (id, "userId", "projectId", quantity, "costGrams", "idempotencyKey") VALUES ('other-process', $1, $2, 1, 10, 'raced-key')`,
      [racer!.id, project.id],
    );
    const burst = Promise.allSettled([racer!, ...others].map((user, i) =>
      requestRedemption({ userId: user.id, projectId: project.id, quantity: 1, idempotencyKey: i === 0 ? "raced-key" : randomUUID() })));
    for (;;) {
      const waiting = await other.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`);
      if (waiting.rows[0].n > 0) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await other.query("COMMIT");
    await other.end();
    const outcomes = await burst;
    expect(outcomes.map((o) => o.status)).toEqual(["fulfilled", "fulfilled", "fulfilled", "fulfilled", "fulfilled"]);
    expect((outcomes[0] as PromiseFulfilledResult<{ id: string }>).value.id).toBe("other-process");
    // The failed transaction took nothing from anyone: each of the others paid once.
    for (const user of others) expect((await ledgerTotals(user.id)).escrow).toBe(10);
    expect(await db().redemption.count({ where: { projectId: project.id } })).toBe(5);
  });
});

describe("settling redemptions", () => {
  it("allocates plots, burns the escrow and issues a certificate; a second run changes nothing", async () => {
    const user = await createTestUser({ grams: 1_000 });
    const project = await createTestProject({ capacity: 10, unitCostGrams: 100, kind: "PROTECTED_AREA" });
    const { id } = await requestRedemption({ userId: user.id, projectId: project.id, quantity: 3, idempotencyKey: randomUUID() });
    expect(await settleRedemption(id)).toBe("SETTLED");
    expect(await settleRedemption(id)).toBe("ALREADY_DONE");
    const settled = await db().redemption.findUniqueOrThrow({ where: { id }, include: { plots: true } });
    expect(settled.status).toBe("SETTLED");
    expect(settled.certificateNumber).toMatch(/^SAP-(\w{4}-){3}\w{4}$/);
    expect(settled.plots).toEqual([expect.objectContaining({ firstUnit: 0, unitCount: 3, holderId: user.id })]);
    expect(await ledgerTotals(user.id)).toEqual({ balance: 700, escrow: 0 });
    expect((await db().project.findUniqueOrThrow({ where: { id: project.id } })).allocatedUnits).toBe(3);
  });

  it("never allocates past capacity when many users race for the last plots, and refunds the rest", async () => {
    const capacity = 5;
    const project = await createTestProject({ capacity, unitCostGrams: 100 });
    const users = await Promise.all(Array.from({ length: 12 }, () => createTestUser({ grams: 100 })));
    const redemptions = await Promise.all(
      users.map((user) => requestRedemption({ userId: user.id, projectId: project.id, quantity: 1, idempotencyKey: randomUUID() })),
    );
    const outcomes = await Promise.all(redemptions.map((r) => settleRedemption(r.id)));
    expect(outcomes.filter((o) => o === "SETTLED")).toHaveLength(capacity);
    expect(outcomes.filter((o) => o === "REFUNDED")).toHaveLength(12 - capacity);

    const plots = await db().plot.findMany({ where: { projectId: project.id } });
    expect(plots).toHaveLength(capacity);
    expect(new Set(plots.map((p) => p.firstUnit)).size).toBe(capacity);
    expect(new Set(plots.map((p) => p.holderId)).size).toBe(capacity);
    expect((await db().project.findUniqueOrThrow({ where: { id: project.id } })).allocatedUnits).toBe(capacity);

    // Energy is conserved: refunded users have their 100 g back, settled users spent it, no escrow is left.
    for (const user of users) {
      const holds = plots.some((p) => p.holderId === user.id);
      expect(await ledgerTotals(user.id)).toEqual({ balance: holds ? 0 : 100, escrow: 0 });
      expect((await db().user.findUniqueOrThrow({ where: { id: user.id } })).energyBalance).toBe(holds ? 0 : 100);
    }
    const refunded = await db().redemption.findMany({ where: { projectId: project.id, status: "REFUNDED" } });
    expect(refunded.every((r) => r.reason === "sold_out")).toBe(true);
  });
});

describe("gifts and certificates", () => {
  it("gives the plots to a friend, who is named on the public certificate with the giver", async () => {
    const giver = await createTestUser({ grams: 1_000 });
    const friend = await createTestUser();
    const stranger = await createTestUser();
    await makeFriends(giver.id, friend.id);
    const project = await createTestProject({ capacity: 10, unitCostGrams: 100 });
    await expect(
      requestRedemption({ userId: giver.id, projectId: project.id, quantity: 1, idempotencyKey: randomUUID(), giftToUserId: stranger.id }),
    ).rejects.toEqual(new RedemptionRefused("recipient_not_friend"));
    const gift = await requestRedemption({ userId: giver.id, projectId: project.id, quantity: 2, idempotencyKey: randomUUID(), giftToUserId: friend.id });
    await settleProject(project.id);
    expect(await db().plot.findMany({ where: { redemptionId: gift.id }, select: { holderId: true } })).toEqual([{ holderId: friend.id }, { holderId: friend.id }]);
    expect(await ledgerTotals(giver.id)).toEqual({ balance: 800, escrow: 0 });
    const { certificateNumber } = await db().redemption.findUniqueOrThrow({ where: { id: gift.id } });
    const certificate = await findCertificate(certificateNumber!);
    expect(certificate).toMatchObject({ holder: friend.displayName, giftFrom: giver.displayName, units: 2 });
    expect(JSON.stringify(certificate)).not.toContain(friend.email);
    expect(await findCertificate("SAP-0000-0000-0000-0000")).toBeNull();
  });

  it("settles a project's queue in batches, oldest first, with two workers at once", async () => {
    const project = await createTestProject({ capacity: 700, unitCostGrams: 1 });
    const users = await Promise.all(Array.from({ length: 20 }, () => createTestUser({ grams: 100 })));
    const requested = [];
    for (let n = 0; n < 1_000; n++) {
      requested.push(await requestRedemption({ userId: users[n % 20]!.id, projectId: project.id, quantity: 1, idempotencyKey: `batch-${n}-${project.id}` }));
    }
    const [a, b] = await Promise.all([settleProject(project.id), settleProject(project.id)]);
    expect(a.settled + b.settled).toBe(700);
    expect(a.refunded + b.refunded).toBe(300);
    const plots = await db().plot.findMany({ where: { projectId: project.id }, select: { firstUnit: true } });
    expect(new Set(plots.map((p) => p.firstUnit)).size).toBe(700);
    expect(requested).toHaveLength(1_000);
    // Two workers at once still serve the first 700 to arrive, and refund the 300 after them.
    expect(await arrivalOrderBreaches(project.id)).toEqual([]);
  });

  it("gives the request that meets the end of capacity what is left, refunding the rest, and nothing to those after it", async () => {
    const project = await createTestProject({ capacity: 5, unitCostGrams: 100, kind: "PROTECTED_AREA" });
    const [first, second, third] = await Promise.all([1, 2, 3].map(() => createTestUser({ grams: 1_000 })));
    const a = await requestRedemption({ userId: first!.id, projectId: project.id, quantity: 3, idempotencyKey: randomUUID() });
    const b = await requestRedemption({ userId: second!.id, projectId: project.id, quantity: 4, idempotencyKey: randomUUID() });
    const c = await requestRedemption({ userId: third!.id, projectId: project.id, quantity: 1, idempotencyKey: randomUUID() });
    await settleProject(project.id);
    const rows = await db().redemption.findMany({ where: { id: { in: [a.id, b.id, c.id] } }, include: { plots: true } });
    const byId = new Map(rows.map((r) => [r.id, r]));
    expect(byId.get(a.id)).toMatchObject({ status: "SETTLED", grantedUnits: 3, reason: null });
    expect(byId.get(b.id)).toMatchObject({ status: "SETTLED", grantedUnits: 2, reason: "partly_sold_out" });
    expect(byId.get(b.id)!.plots).toEqual([expect.objectContaining({ firstUnit: 3, unitCount: 2 })]);
    expect(byId.get(c.id)).toMatchObject({ status: "REFUNDED", grantedUnits: 0, reason: "sold_out" });
    // The part-served redeemer paid for two m² and got the other two back.
    expect(await ledgerTotals(second!.id)).toEqual({ balance: 800, escrow: 0 });
    expect(await ledgerTotals(third!.id)).toEqual({ balance: 1_000, escrow: 0 });
    expect(await findCertificate(byId.get(b.id)!.certificateNumber!)).toMatchObject({ units: 2 });
    expect((await db().project.findUniqueOrThrow({ where: { id: project.id } })).allocatedUnits).toBe(5);
  });

  it("serves requests in the order they came when one worker settles", async () => {
    const project = await createTestProject({ capacity: 7, unitCostGrams: 1 });
    const user = await createTestUser({ grams: 100 });
    const requested = [];
    for (let n = 0; n < 10; n++) {
      requested.push(await requestRedemption({ userId: user.id, projectId: project.id, quantity: 1, idempotencyKey: `order-${n}-${project.id}` }));
    }
    await settleProject(project.id);
    const statuses = await db().redemption.findMany({ where: { id: { in: requested.map((r) => r.id) } }, select: { id: true, status: true } });
    const byId = new Map(statuses.map((r) => [r.id, r.status]));
    expect(requested.map((r) => byId.get(r.id))).toEqual([...Array(7).fill("SETTLED"), ...Array(3).fill("REFUNDED")]);
  });
});
