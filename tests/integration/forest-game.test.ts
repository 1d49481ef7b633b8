import { randomUUID } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { createSession } from "~/auth/session.server";
import { db } from "~/db/client.server";
import { takeFromBall, listActivity } from "~/energy/forest.server";
import { friendsLeaderboard } from "~/energy/friends.server";
import { forestGoal, GoalRefused, holdings, setGoal } from "~/energy/goal.server";
import { energyStatement } from "~/energy/ledger.server";
import { waterFriend } from "~/energy/watering.server";
import { requestRedemption } from "~/redemption/redeem.server";
import { settleProject } from "~/redemption/settle.server";
import { createTeam, joinTeam } from "~/redemption/teams.server";
import { action as projectAction } from "~/routes/projects.$slug";
import { createBall, createTestProject, createTestUser, expectLedgerConsistent, makeFriends } from "../support/factories";

afterEach(expectLedgerConsistent);

/** Posts the project page's redemption form as the user's browser would (their session, a form body). */
async function redeemThroughPage(userId: string, slug: string, quantity: number) {
  const token = await createSession(userId);
  const body = new URLSearchParams({ intent: "redeem", quantity: String(quantity), idempotencyKey: randomUUID() });
  const request = new Request(`http://sapling.test/projects/${slug}`, {
    method: "POST",
    headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/x-www-form-urlencoded" },
    body,
  });
  const response = await projectAction({ request, params: { slug }, context: {} });
  return { status: response.status, body: response.headers.get("content-type")?.includes("json") ? await response.json() : null };
}

describe("the goal the forest grows toward", () => {
  it("starts at the first open forest, can be any open project, never a coming one, and grows with the balance", async () => {
    const user = await createTestUser({ grams: 9_000 });
    const saxaul = await createTestProject({ capacity: 10, unitCostGrams: 17_900, art: "saxaul" });
    const coming = await createTestProject({ capacity: 10, unitCostGrams: 100, opensInMs: 3 * 86_400_000 });
    const first = await forestGoal(user.id, "en");
    expect(first.chosen).toBe(false);
    expect(first.goal?.kind).toBe("FOREST");
    expect(first.choices.map((c) => c.id)).toContain(saxaul.id);
    expect(first.choices.map((c) => c.id)).not.toContain(coming.id);

    await setGoal(user.id, saxaul.id);
    const chosen = await forestGoal(user.id, "en");
    expect(chosen).toMatchObject({ chosen: true, goal: { id: saxaul.id, art: "saxaul" }, growth: { stage: "sapling", have: 9_000, missing: 8_900 } });
    await expect(setGoal(user.id, coming.id)).rejects.toEqual(new GoalRefused("not_open"));
    await expect(setGoal(user.id, "no-such-project")).rejects.toEqual(new GoalRefused("not_found"));
  });

  it("counts the trees and square metres a user holds, for the small forest behind their tree", async () => {
    const user = await createTestUser({ grams: 10_000 });
    const pines = await createTestProject({ capacity: 10, unitCostGrams: 1_000, art: "mongolian-pine" });
    const land = await createTestProject({ capacity: 100, unitCostGrams: 100, kind: "PROTECTED_AREA" });
    await requestRedemption({ userId: user.id, projectId: pines.id, quantity: 3, idempotencyKey: randomUUID() });
    await requestRedemption({ userId: user.id, projectId: land.id, quantity: 20, idempotencyKey: randomUUID() });
    await settleProject(pines.id);
    await settleProject(land.id);
    expect(await holdings(user.id)).toEqual({ trees: [{ art: "mongolian-pine", count: 3 }], squareMetres: 20 });
  });
});

describe("refusals through the project page", () => {
  it("says the energy is short (ENERGY_LACK) and that a coming project is not open yet", async () => {
    const poor = await createTestUser({ grams: 99 });
    const open = await createTestProject({ capacity: 10, unitCostGrams: 100 });
    const coming = await createTestProject({ capacity: 10, unitCostGrams: 10, opensInMs: 86_400_000 });
    expect(await redeemThroughPage(poor.id, open.slug, 1)).toEqual({ status: 422, body: { ok: false, intent: "redeem", error: "projects.refused.insufficient_energy", params: {} } });
    expect(await redeemThroughPage(poor.id, coming.slug, 1)).toEqual({ status: 409, body: { ok: false, intent: "redeem", error: "projects.refused.project_not_open", params: {} } });
    expect(await db().redemption.count({ where: { userId: poor.id } })).toBe(0);
  });
});

describe("the feed of one's own actions", () => {
  it("tells what the user collected, took, watered, redeemed, gave and joined", async () => {
    const me = await createTestUser({ grams: 5_000 });
    const friend = await createTestUser({ grams: 0 });
    await makeFriends(me.id, friend.id);
    const mine = await createBall(me.id, { grams: 52, ripe: true });
    const theirs = await createBall(friend.id, { grams: 100, ripe: true });
    await takeFromBall(me.id, mine.id);
    const { grams: took } = await takeFromBall(me.id, theirs.id, () => 0.5);
    await waterFriend(me.id, friend.id, 18);
    const project = await createTestProject({ capacity: 10, unitCostGrams: 1_000 });
    await requestRedemption({ userId: me.id, projectId: project.id, quantity: 2, idempotencyKey: randomUUID() });
    await requestRedemption({ userId: me.id, projectId: project.id, quantity: 1, idempotencyKey: randomUUID(), giftToUserId: friend.id });
    await settleProject(project.id);
    const team = await createTeam(friend.id, { projectId: project.id, name: "Pine pals" });
    await joinTeam(me.id, team.id, team.inviteToken);

    const feed = await listActivity(me.id);
    expect(feed.map((a) => a.kind).reverse()).toEqual(["COLLECTED", "TOOK", "GAVE_WATER", "REDEEMED", "GAVE_TREE", "JOINED_TEAM"]);
    expect(feed.find((a) => a.kind === "COLLECTED")).toMatchObject({ grams: 52, detail: "walking" });
    expect(feed.find((a) => a.kind === "TOOK")).toMatchObject({ grams: took, actor: friend.displayName });
    expect(feed.find((a) => a.kind === "GAVE_WATER")).toMatchObject({ grams: 18, actor: friend.displayName });
    expect(feed.find((a) => a.kind === "REDEEMED")).toMatchObject({ units: 2, project: { kind: "FOREST", name: { en: project.nameEn } } });
    expect(feed.find((a) => a.kind === "GAVE_TREE")).toMatchObject({ units: 1, actor: friend.displayName });
    expect(feed.find((a) => a.kind === "JOINED_TEAM")).toMatchObject({ detail: "Pine pals" });
    // And the friend's feed still tells what was done to them.
    expect((await listActivity(friend.id)).map((a) => a.kind)).toEqual(expect.arrayContaining(["STOLEN", "WATERED", "JOINED_TEAM"]));
  });
});

describe("My energy", () => {
  it("lists every movement once, in pages, with who and which ball, and adds each kind up", async () => {
    const me = await createTestUser({ grams: 1_000 });
    const friend = await createTestUser({ grams: 0 });
    await makeFriends(me.id, friend.id);
    const balls = [];
    for (const grams of [52, 80, 5]) balls.push(await createBall(me.id, { grams, ripe: true }));
    for (const ball of balls) await takeFromBall(me.id, ball.id);
    await waterFriend(me.id, friend.id, 33);

    const first = await energyStatement(me.id, null, 4);
    expect(first.entries.map((e) => `${e.account} ${e.kind} ${e.grams}`)).toEqual(["BALANCE WATER -33", "BALANCE COLLECT 5", "BALANCE COLLECT 80", "BALANCE COLLECT 52"]);
    expect(first.entries[0]).toMatchObject({ who: friend.displayName });
    expect(first.entries[1]).toMatchObject({ source: "walking" });
    const second = await energyStatement(me.id, BigInt(first.nextCursor!), 4);
    expect(second.entries.map((e) => `${e.account} ${e.kind} ${e.grams}`)).toEqual(["BALL EARN 5", "BALL EARN 80", "BALL EARN 52", "BALANCE GRANT 1000"]);
    expect(second.nextCursor).toBeNull();
    // A collect is one movement: the ball's side of it is not listed again.
    expect([...first.entries, ...second.entries].some((e) => e.account === "BALL" && e.kind === "COLLECT")).toBe(false);
    expect(first.totals).toEqual(
      expect.arrayContaining([
        { account: "BALANCE", kind: "COLLECT", direction: "in", grams: 137 },
        { account: "BALANCE", kind: "WATER", direction: "out", grams: -33 },
        { account: "BALL", kind: "EARN", direction: "in", grams: 137 },
        { account: "BALANCE", kind: "GRANT", direction: "in", grams: 1_000 },
      ]),
    );
  });
});

describe("the friends' leaderboard", () => {
  it("ranks by energy gathered today, this week (from Monday) or ever, in the viewer's time zone", async () => {
    const me = await createTestUser();
    const friend = await createTestUser();
    const giver = await createTestUser({ grams: 1_000 });
    await makeFriends(me.id, friend.id);
    // Wednesday 2026-12-02 at noon in Shanghai; the week began on Monday 2026-11-30.
    const now = new Date("2026-12-02T12:00:00+08:00");
    // Waterings at chosen times, each a transfer from the giver, so all energy stays accounted for.
    const watered = async (userId: string, grams: number, at: string) => {
      await db().energyEntry.createMany({
        data: [
          { userId: giver.id, account: "BALANCE", kind: "WATER", grams: -grams, idempotencyKey: randomUUID(), counterpartId: userId, createdAt: new Date(at) },
          { userId, account: "BALANCE", kind: "WATER", grams, idempotencyKey: randomUUID(), counterpartId: giver.id, createdAt: new Date(at) },
        ],
      });
      await db().user.update({ where: { id: giver.id }, data: { energyBalance: { decrement: grams } } });
      await db().user.update({ where: { id: userId }, data: { energyBalance: { increment: grams } } });
    };
    await watered(me.id, 10, "2026-12-02T00:30:00+08:00"); // today
    await watered(friend.id, 50, "2026-12-01T23:30:00+08:00"); // yesterday, this week
    await watered(friend.id, 500, "2026-11-29T23:59:00+08:00"); // Sunday: last week
    const board = async (period: "today" | "week" | "all") =>
      (await friendsLeaderboard(me.id, period, now)).byEnergy.map((e) => [e.id === me.id ? "me" : "friend", e.totalGrams]);
    expect(await board("today")).toEqual([["me", 10], ["friend", 0]]);
    expect(await board("week")).toEqual([["friend", 50], ["me", 10]]);
    expect(await board("all")).toEqual([["friend", 550], ["me", 10]]);
  });
});
