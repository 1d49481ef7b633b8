import { randomBytes } from "node:crypto";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import { triggerSampleAction } from "~/energy/demo-actions.server";
import { ripeningFor } from "~/energy/ball-time";
import { applyPartnerAction } from "~/energy/earn.server";
import { getForest, takeFromBall } from "~/energy/forest.server";
import { createPartner } from "~/energy/partners.server";
import { resetEnvCache } from "~/utils/env.server";
import { createTestUser, expectLedgerConsistent } from "../support/factories";

afterEach(expectLedgerConsistent);

beforeAll(() => {
  process.env.DEMO_MODE = "true";
  resetEnvCache();
});

describe("demo actions (the 'simulate a low-carbon action' buttons)", () => {
  // First in the file: nobody has pressed a demo button yet, so the demo partner does not exist.
  it("earn for two people who press their first demo button at the same instant", async () => {
    expect(await db().partner.count({ where: { id: "demo-ui" } })).toBe(0);
    const [first, second] = await Promise.all([createTestUser({ grams: 0 }), createTestUser({ grams: 0 })]);
    const answers = await Promise.all([first, second, first, second].map((user) => triggerSampleAction(user, "metro_ride")));
    expect(answers.map((answer) => answer.status)).toEqual([201, 201, 201, 201]);
    expect(await db().partner.count({ where: { id: "demo-ui" } })).toBe(1);
  });

  it("make a labelled ball a newcomer can collect at once, at any hour", async () => {
    const user = await createTestUser({ grams: 0 });
    const answer = await triggerSampleAction(user, "metro_ride");
    expect(answer.status).toBe(201);
    const ballId = answer.body.ballId as string;
    expect(new Date(answer.body.ripensAt as string).getTime()).toBeLessThanOrEqual(Date.now());
    expect(new Date(answer.body.expiresAt as string).getTime() - new Date(answer.body.ripensAt as string).getTime()).toBe(72 * 3600_000);

    const [ball] = (await getForest(user.id)).balls;
    expect(ball).toMatchObject({ id: ballId, state: "RIPE", demoShortcut: true, grams: 52 });
    expect(await takeFromBall(user.id, ballId)).toMatchObject({ grams: 52, balance: 52 });
  });

  it("still count against today's caps", async () => {
    const user = await createTestUser();
    const answers = [];
    for (let i = 0; i < 6; i++) answers.push(await triggerSampleAction(user, "bus_ride"));
    expect(answers.map((a) => a.body.grams)).toEqual([80, 80, 80, 80, 80, 0]);
    expect(answers[5]!.body.reason).toBe("daily_cap");
  });
});

describe("real partner actions beside the demo", () => {
  let partnerId: string;
  beforeAll(async () => {
    partnerId = (await createPartner({ id: `p-${randomBytes(4).toString("hex")}`, name: "Real partner" })).id;
  });

  it("keep the production rule: ripe at 07:00 Shanghai the next day, never labelled", async () => {
    const user = await createTestUser();
    const now = new Date();
    const answer = await applyPartnerAction(partnerId, { id: `a-${randomBytes(4).toString("hex")}`, user: user.id, type: "metro_ride", occurredAt: now.toISOString() }, now);
    expect(answer.body.ripensAt).toBe(ripeningFor(now).ripensAt.toISOString());
    expect(new Date(answer.body.ripensAt as string).getTime()).toBeGreaterThan(now.getTime());
    const ball = await db().energyBall.findUniqueOrThrow({ where: { id: answer.body.ballId as string } });
    expect(ball.demoShortcut).toBe(false);
    await expect(takeFromBall(user.id, ball.id)).rejects.toMatchObject({ reason: "not_ripe" });
  });
});
