import { randomBytes } from "node:crypto";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import { getForest, takeFromBall } from "~/energy/forest.server";
import { HOLD_RULES } from "~/energy/holds.server";
import { checkLedger } from "~/energy/ledger.server";
import { createPartner, signatureHeader } from "~/energy/partners.server";
import { listHeldBalls, reviewBalls } from "~/energy/review.server";
import { consume } from "~/utils/rate-limit.server";
import { createTestUser, expectLedgerConsistent } from "../support/factories";
import { apiHandler, callRoute } from "../support/routes";

// Implausible partner reports: their balls are made but held, not yet energy, until an operator
// releases or rejects them; the energy ledger's checks hold throughout.

afterEach(expectLedgerConsistent);

let partner: { id: string; secret: string };
beforeAll(async () => {
  partner = await createPartner({ id: `p-${randomBytes(4).toString("hex")}`, name: "Step counter" });
});

function report(body: Record<string, unknown>) {
  const raw = JSON.stringify({ id: `act-${randomBytes(6).toString("hex")}`, occurredAt: new Date(Date.now() - 3600_000).toISOString(), ...body });
  return callRoute(apiHandler, {
    method: "POST",
    path: "/api/v1/partner/actions",
    body: raw,
    headers: { "Content-Type": "application/json", "Sapling-Partner": partner.id, "Sapling-Signature": signatureHeader(partner.secret, raw) },
  });
}

describe("reports held for review", () => {
  it("holds a ball from more steps than anyone walks in a day, tells its owner why, and makes no energy of it yet", async () => {
    const walker = await createTestUser();
    const plausible = await report({ user: walker.email, type: "walking", steps: HOLD_RULES.maxPlausibleSteps });
    expect(plausible.body.heldForReview).toBeUndefined();
    const other = await createTestUser();
    const held = await report({ user: other.email, type: "walking", steps: 1_000_000 });
    expect(held.status).toBe(201);
    expect(held.body).toMatchObject({ grams: 296, heldForReview: "steps_implausible" });

    const ball = await db().energyBall.findUniqueOrThrow({ where: { id: held.body.ballId } });
    expect(ball).toMatchObject({ status: "HELD", heldReason: "steps_implausible" });
    expect(await db().energyEntry.count({ where: { ballId: ball.id } })).toBe(0);
    // Not in the forest to collect or steal; listed with its reason instead.
    const forest = await getForest(other.id, new Date(ball.ripensAt.getTime() + 1000));
    expect(forest.balls).toEqual([]);
    expect(forest.underReview).toEqual([{ id: ball.id, grams: 296, actionType: "walking", reason: "steps_implausible", state: "HELD" }]);
    await expect(takeFromBall(other.id, ball.id)).rejects.toThrow();
    expect((await listHeldBalls()).balls.map((b) => b.id)).toContain(ball.id);
    expect((await checkLedger()).ok).toBe(true);
  });

  it("holds reports from a partner sending far more than usual at once", async () => {
    const user = await createTestUser();
    // As if the partner had just sent its usual week's worth in ten minutes.
    await consume({ name: "partner-burst", points: Number.MAX_SAFE_INTEGER, duration: HOLD_RULES.burstWindowSeconds }, partner.id, HOLD_RULES.burstFloor);
    const burst = await report({ user: user.email, type: "metro_ride" });
    expect(burst.body).toMatchObject({ grams: 52, heldForReview: "partner_burst" });
  });

  it("releases many at once into energy that ripens as usual, or rejects them; each ball decided once", async () => {
    const operator = await createTestUser({ role: "OPERATOR" });
    const [a, b, c] = [await createTestUser(), await createTestUser(), await createTestUser()];
    const ids: string[] = [];
    for (const user of [a, b, c]) ids.push((await report({ user: user.email, type: "walking", steps: 90_000 })).body.ballId as string);

    // Two operators at once on overlapping balls: each ball goes one way, once.
    const [first, second] = await Promise.all([reviewBalls([ids[0]!, ids[1]!], "release", operator.id), reviewBalls([ids[1]!, ids[0]!], "reject", operator.id)]);
    expect(first.decided + second.decided).toBe(2);
    const decided = await db().energyBall.findMany({ where: { id: { in: [ids[0]!, ids[1]!] } } });
    expect(new Set(decided.map((ball) => ball.status)).size).toBe(1);
    expect((await reviewBalls([ids[0]!], "release", operator.id)).decided).toBe(0);

    const released = await reviewBalls([ids[2]!], "release", operator.id);
    expect(released.decided).toBe(1);
    const ball = await db().energyBall.findUniqueOrThrow({ where: { id: ids[2]! } });
    expect(ball.status).toBe("OPEN");
    expect(ball.expiresAt.getTime() - ball.ripensAt.getTime()).toBeGreaterThanOrEqual(72 * 3600_000);
    expect(await db().energyEntry.findMany({ where: { ballId: ball.id }, select: { kind: true, grams: true } })).toEqual([{ kind: "EARN", grams: 296 }]);
    // Collected once ripe, like any other.
    await db().energyBall.update({ where: { id: ball.id }, data: { ripensAt: new Date(Date.now() - 1000) } });
    expect((await takeFromBall(c.id, ball.id)).grams).toBe(296);

    // Rejected: its owner sees why, and it never was energy.
    const more = (await report({ user: a.email, type: "walking", steps: 70_000, occurredAt: new Date(Date.now() - 26 * 3600_000).toISOString() })).body.ballId as string;
    await reviewBalls([more], "reject", operator.id);
    expect((await getForest(a.id)).underReview.find((r) => r.id === more)).toMatchObject({ state: "REJECTED", reason: "steps_implausible" });
    expect(await db().energyEntry.count({ where: { ballId: more } })).toBe(0);
    // One audit event per decision that decided something.
    const decisions = [first, second].filter((review) => review.decided > 0).length + 2;
    expect(await db().auditEvent.count({ where: { actorId: operator.id, action: { in: ["energy_release", "energy_reject"] } } })).toBe(decisions);
    expect((await checkLedger()).ok).toBe(true);
  });
});
