import { randomBytes } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import { expireAllDueBalls } from "~/energy/balls.server";
import { collectAll, getFriendForest, getForest, takeFromBall, TakeRefused, useItem } from "~/energy/forest.server";
import { answerFriendRequest, areFriends, FriendRefused, pendingRequests, removeFriend, sendFriendRequest } from "~/energy/friends.server";
import { signupSchema } from "~/auth/schemas";
import { adjustEnergy, AdjustmentRefused, checkLedger } from "~/energy/ledger.server";
import { localDay, previousDay } from "~/energy/local-time";
import { waterFriend, WaterRefused } from "~/energy/watering.server";
import { createBall, createTestUser, expectLedgerConsistent, ledgerTotals, makeFriends , signedUp } from "../support/factories";

afterEach(expectLedgerConsistent);

async function friendsOf(userId: string, count: number) {
  const friends = await Promise.all(Array.from({ length: count }, () => createTestUser()));
  await db().friendship.createMany({
    data: friends.flatMap((f) => [
      { userId, friendId: f.id },
      { userId: f.id, friendId: userId },
    ]),
  });
  return friends;
}

const balanceOf = async (id: string) => (await db().user.findUniqueOrThrow({ where: { id } })).energyBalance;

describe("collecting", () => {
  it("moves a ripe ball into the balance once", async () => {
    const user = await createTestUser({ grams: 100 });
    const ball = await createBall(user.id, { grams: 296, ripe: true });
    expect(await takeFromBall(user.id, ball.id)).toEqual({ grams: 296, balance: 396, stolen: false });
    await expect(takeFromBall(user.id, ball.id)).rejects.toEqual(new TakeRefused("already_collected"));
    expect((await getForest(user.id)).balance).toBe(396);
    expect((await ledgerTotals(user.id)).balance).toBe(396);
  });

  it("refuses a growing ball, an expired one, and a stranger's", async () => {
    const owner = await createTestUser();
    const stranger = await createTestUser();
    const growing = await createBall(owner.id, { grams: 80, ripe: false });
    const expired = await createBall(owner.id, { grams: 5, ripe: false, expired: true });
    const ripe = await createBall(owner.id, { grams: 52, ripe: true });
    await expect(takeFromBall(owner.id, growing.id)).rejects.toMatchObject({ reason: "not_ripe" });
    await expect(takeFromBall(owner.id, expired.id)).rejects.toMatchObject({ reason: "expired" });
    await expect(takeFromBall(stranger.id, ripe.id)).rejects.toMatchObject({ reason: "not_friends" });
    await expect(takeFromBall(owner.id, "no-such-ball")).rejects.toMatchObject({ reason: "not_found" });
  });

  it("collects every ripe ball at once and starts a streak", async () => {
    const user = await createTestUser();
    await createBall(user.id, { grams: 10, ripe: true });
    await createBall(user.id, { grams: 20, ripe: true });
    await createBall(user.id, { grams: 30, ripe: false });
    expect(await collectAll(user.id)).toEqual({ grams: 30, collected: 2, balance: 30 });
    expect((await getForest(user.id)).streakDays).toBe(1);
  });

  it("counts a streak in the user's own days: a card on the third, a cover on the seventh, once a day, reset after a gap", async () => {
    const user = await createTestUser();
    await db().user.update({ where: { id: user.id }, data: { timeZone: "America/Los_Angeles", doubleCards: 0, coverItems: 0 } });
    const today = localDay(new Date(), "America/Los_Angeles");
    const collectOne = async () => takeFromBall(user.id, (await createBall(user.id, { grams: 10, ripe: true })).id);
    const state = () => db().user.findUniqueOrThrow({ where: { id: user.id }, select: { streakDays: true, doubleCards: true, coverItems: true, lastCollectOn: true } });

    await db().user.update({ where: { id: user.id }, data: { lastCollectOn: previousDay(today), streakDays: 2 } });
    await collectOne();
    expect(await state()).toEqual({ streakDays: 3, doubleCards: 1, coverItems: 0, lastCollectOn: today });
    await collectOne(); // the same day again: nothing more
    expect(await state()).toEqual({ streakDays: 3, doubleCards: 1, coverItems: 0, lastCollectOn: today });

    await db().user.update({ where: { id: user.id }, data: { lastCollectOn: previousDay(today), streakDays: 6 } });
    await collectOne();
    expect(await state()).toMatchObject({ streakDays: 7, doubleCards: 1, coverItems: 1 });
    expect((await db().activity.findMany({ where: { userId: user.id, kind: "ITEM_EARNED" }, orderBy: { id: "asc" } })).map((a) => a.detail)).toEqual(["double_card", "cover"]);

    await db().user.update({ where: { id: user.id }, data: { lastCollectOn: previousDay(previousDay(today)), streakDays: 9 } });
    await collectOne();
    expect(await state()).toMatchObject({ streakDays: 1, lastCollectOn: today });
  });

  it("lets exactly one of twenty simultaneous collects of a ball succeed", async () => {
    const user = await createTestUser();
    const ball = await createBall(user.id, { grams: 262, ripe: true });
    const results = await Promise.allSettled(Array.from({ length: 20 }, () => takeFromBall(user.id, ball.id)));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(await balanceOf(user.id)).toBe(262);
  });
});

describe("expiry", () => {
  it("expires uncollected balls once, writing what was left to the ledger", async () => {
    const user = await createTestUser();
    const thief = await createTestUser();
    await makeFriends(user.id, thief.id);
    const ball = await createBall(user.id, { grams: 100, ripe: true });
    const { grams: stolen } = await takeFromBall(thief.id, ball.id);
    await db().energyBall.update({ where: { id: ball.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    await Promise.all([expireAllDueBalls(), expireAllDueBalls(), expireAllDueBalls()]);
    const expired = await db().energyBall.findUniqueOrThrow({ where: { id: ball.id } });
    expect(expired.status).toBe("EXPIRED");
    const entries = await db().energyEntry.findMany({ where: { ballId: ball.id, kind: "EXPIRE" } });
    expect(entries.map((e) => e.grams)).toEqual([-(100 - stolen)]);
  });
});

describe("stealing", () => {
  it("takes a random part within the rules, records it in the owner's feed, and only once per thief", async () => {
    const owner = await createTestUser();
    const thief = await createTestUser();
    await makeFriends(owner.id, thief.id);
    const ball = await createBall(owner.id, { grams: 100, ripe: true });
    const view = await getFriendForest(thief.id, owner.id);
    expect(view.balls[0]).toMatchObject({ id: ball.id, mayTake: 30 });
    const { grams, stolen } = await takeFromBall(thief.id, ball.id);
    expect(stolen).toBe(true);
    expect(grams).toBeGreaterThanOrEqual(1);
    expect(grams).toBeLessThanOrEqual(30);
    await expect(takeFromBall(thief.id, ball.id)).rejects.toMatchObject({ reason: "already_taken" });
    expect(await balanceOf(thief.id)).toBe(grams);
    expect((await takeFromBall(owner.id, ball.id)).grams).toBe(100 - grams);
    const feed = await db().activity.findMany({ where: { userId: owner.id, kind: "STOLEN" } });
    expect(feed).toEqual([expect.objectContaining({ actorId: thief.id, grams })]);
  });

  it("is stopped by a protection cover, and the owner's feed records the attempt", async () => {
    const owner = await createTestUser();
    const thief = await createTestUser();
    await makeFriends(owner.id, thief.id);
    const ball = await createBall(owner.id, { grams: 100, ripe: true });
    await useItem(owner.id, "cover");
    await expect(takeFromBall(thief.id, ball.id)).rejects.toEqual(new TakeRefused("protected"));
    expect(await db().activity.count({ where: { userId: owner.id, actorId: thief.id, kind: "BLOCKED" } })).toBe(1);
    expect((await db().energyBall.findUniqueOrThrow({ where: { id: ball.id } })).remainingGrams).toBe(100);
    await expect(useItem(owner.id, "cover")).rejects.toMatchObject({ reason: "no_item" });
  });

  it("takes twice under a double-collect card", async () => {
    const owner = await createTestUser();
    const thief = await createTestUser();
    await makeFriends(owner.id, thief.id);
    const ball = await createBall(owner.id, { grams: 100, ripe: true });
    await useItem(thief.id, "double_card");
    await takeFromBall(thief.id, ball.id, () => 0);
    await takeFromBall(thief.id, ball.id, () => 0);
    await expect(takeFromBall(thief.id, ball.id)).rejects.toMatchObject({ reason: "already_taken" });
    expect(await db().steal.count({ where: { ballId: ball.id, thiefId: thief.id } })).toBe(2);
    expect((await db().energyBall.findUniqueOrThrow({ where: { id: ball.id } })).thiefCount).toBe(1);
  });

  it("takes a whole number of grams from 1 to the most a take may hold (30 % of the ball)", async () => {
    const owner = await createTestUser();
    const [low, high] = await friendsOf(owner.id, 2);
    const ball = await createBall(owner.id, { grams: 100, ripe: true });
    expect(await takeFromBall(low!.id, ball.id, () => 0)).toMatchObject({ grams: 1, stolen: true });
    expect(await takeFromBall(high!.id, ball.id, () => 0.999999)).toMatchObject({ grams: 30, stolen: true });
    expect(await db().energyBall.findUniqueOrThrow({ where: { id: ball.id } })).toMatchObject({ remainingGrams: 69, stolenGrams: 31, thiefCount: 2 });
  });

  it("gives one take to a thief who taps twice at once", async () => {
    const owner = await createTestUser();
    const [thief] = await friendsOf(owner.id, 1);
    const ball = await createBall(owner.id, { grams: 100, ripe: true });
    const results = await Promise.allSettled(Array.from({ length: 5 }, () => takeFromBall(thief!.id, ball.id)));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    for (const failure of results.filter((r) => r.status === "rejected")) {
      expect((failure as PromiseRejectedResult).reason).toEqual(new TakeRefused("already_taken"));
    }
    expect(await db().steal.count({ where: { ballId: ball.id } })).toBe(1);
  });

  it("never gives more than the ball holds or the rules allow when 200 friends and the owner race", async () => {
    const owner = await createTestUser();
    const thieves = await friendsOf(owner.id, 200);
    const ball = await createBall(owner.id, { grams: 296, ripe: true });
    const attempts = [...thieves.map((t) => () => takeFromBall(t.id, ball.id)), () => takeFromBall(owner.id, ball.id)];
    const results = await Promise.allSettled(attempts.map((attempt) => attempt()));

    const steals = await db().steal.findMany({ where: { ballId: ball.id } });
    const stolen = steals.reduce((sum, s) => sum + s.grams, 0);
    expect(steals.length).toBeLessThanOrEqual(6);
    expect(new Set(steals.map((s) => s.thiefId)).size).toBe(steals.length);
    expect(stolen).toBeLessThanOrEqual(148);
    const taken = results.flatMap((r) => (r.status === "fulfilled" ? [r.value.grams] : []));
    expect(taken.reduce((a, b) => a + b, 0)).toBe(296 - (await db().energyBall.findUniqueOrThrow({ where: { id: ball.id } })).remainingGrams);
    for (const failure of results.filter((r) => r.status === "rejected")) {
      expect((failure as PromiseRejectedResult).reason).toBeInstanceOf(TakeRefused);
    }
    const after = await db().energyBall.findUniqueOrThrow({ where: { id: ball.id } });
    expect(after).toMatchObject({ stolenGrams: stolen, thiefCount: steals.length });
  }, 120_000);
});

describe("stealing without the owner", () => {
  it("lets the limits bind when 200 friends race for one ball", async () => {
    const owner = await createTestUser();
    const thieves = await friendsOf(owner.id, 200);
    const ball = await createBall(owner.id, { grams: 296, ripe: true });
    const results = await Promise.allSettled(thieves.map((t) => takeFromBall(t.id, ball.id)));
    const steals = await db().steal.findMany({ where: { ballId: ball.id } });
    const stolen = steals.reduce((sum, s) => sum + s.grams, 0);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(steals.length);
    expect(steals.length).toBeGreaterThanOrEqual(2);
    expect(steals.length).toBeLessThanOrEqual(6);
    expect(stolen).toBeLessThanOrEqual(148);
    // One of the two limits stopped the other 194 friends.
    expect(steals.length === 6 || stolen === 148).toBe(true);
    expect(await db().energyBall.findUniqueOrThrow({ where: { id: ball.id } })).toMatchObject({ remainingGrams: 296 - stolen });
  }, 120_000);
});

describe("watering", () => {
  it("gives 10, 18, 33 or 66 g to a friend, at most 3 times a day even when racing", async () => {
    const giver = await createTestUser({ grams: 1_000 });
    const friend = await createTestUser();
    await makeFriends(giver.id, friend.id);
    await expect(waterFriend(giver.id, friend.id, 20)).rejects.toEqual(new WaterRefused("invalid_amount"));
    const results = await Promise.allSettled(Array.from({ length: 8 }, () => waterFriend(giver.id, friend.id, 18)));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(3);
    expect(results.filter((r) => r.status === "rejected").every((r) => (r as PromiseRejectedResult).reason.reason === "daily_limit")).toBe(true);
    expect(await balanceOf(giver.id)).toBe(1_000 - 54);
    expect(await balanceOf(friend.id)).toBe(54);
    expect(await db().activity.count({ where: { userId: friend.id, kind: "WATERED" } })).toBe(3);
  });

  it("refuses strangers and an empty balance", async () => {
    const giver = await createTestUser({ grams: 10 });
    const stranger = await createTestUser();
    await expect(waterFriend(giver.id, stranger.id, 10)).rejects.toMatchObject({ reason: "not_friends" });
    const friend = await createTestUser();
    await makeFriends(giver.id, friend.id);
    await expect(waterFriend(giver.id, friend.id, 18)).rejects.toMatchObject({ reason: "insufficient_energy" });
    expect(await balanceOf(giver.id)).toBe(10);
  });
});

describe("friends", () => {
  it("asks by email, accepts once, and removes both ways", async () => {
    const a = await createTestUser();
    const b = await createTestUser();
    const request = await sendFriendRequest(a.id, { email: b.email.toUpperCase() });
    expect(request.status).toBe("PENDING");
    await expect(sendFriendRequest(a.id, { email: b.email })).rejects.toEqual(new FriendRefused("already_requested"));
    await expect(answerFriendRequest(a.id, request.id, true)).rejects.toMatchObject({ reason: "request_not_found" });
    await Promise.allSettled([answerFriendRequest(b.id, request.id, true), answerFriendRequest(b.id, request.id, true)]);
    expect(await areFriends(a.id, b.id)).toBe(true);
    expect(await areFriends(b.id, a.id)).toBe(true);
    expect(await db().activity.count({ where: { userId: a.id, kind: "FRIEND_ADDED" } })).toBe(1);
    await removeFriend(b.id, a.id);
    expect(await areFriends(a.id, b.id)).toBe(false);
  });

  it("answers a request to an address nobody has exactly as one to an account, and delivers it when they join", async () => {
    const asker = await createTestUser();
    const member = await createTestUser();
    const newcomerEmail = `newcomer-${randomBytes(4).toString("hex")}@example.com`;
    const toMember = await sendFriendRequest(asker.id, { email: member.email });
    const toNobody = await sendFriendRequest(asker.id, { email: newcomerEmail.toUpperCase() });
    expect(Object.keys(toNobody).sort()).toEqual(Object.keys(toMember).sort());
    expect([toMember.status, toNobody.status]).toEqual(["PENDING", "PENDING"]);
    // Asking twice is refused alike.
    for (const email of [member.email, newcomerEmail]) {
      await expect(sendFriendRequest(asker.id, { email })).rejects.toEqual(new FriendRefused("already_requested"));
    }
    // The asker sees both as the addresses they typed, never whether an account is behind one.
    expect((await pendingRequests(asker.id)).outgoing).toEqual(
      expect.arrayContaining([
        { id: toMember.id, userId: null, displayName: member.email },
        { id: toNobody.id, userId: null, displayName: newcomerEmail },
      ]),
    );
    // Whoever signs up with the address finds the request waiting, and can accept it.
    const { id: newcomerId } = await signedUp(signupSchema.parse({ email: newcomerEmail, password: "a brand new pass phrase", displayName: "Newcomer" }));
    const incoming = (await pendingRequests(newcomerId)).incoming;
    expect(incoming).toEqual([{ id: toNobody.id, userId: asker.id, displayName: asker.displayName }]);
    await answerFriendRequest(newcomerId, toNobody.id, true);
    expect(await areFriends(asker.id, newcomerId)).toBe(true);
    // An invite code is handed out on purpose: an unknown one is said.
    await expect(sendFriendRequest(asker.id, { inviteCode: "no-such-code" })).rejects.toEqual(new FriendRefused("user_not_found"));
  });

  it("befriends at once when both ask each other, by invite code", async () => {
    const a = await createTestUser();
    const b = await createTestUser();
    await sendFriendRequest(a.id, { email: b.email });
    // Codes are 8 symbols with no look-alikes, and may be retyped in lower case, in two halves.
    expect(a.inviteCode).toMatch(/^[23456789ABCDEFGHJKMNPQRSTVWXYZ]{8}$/);
    const retyped = `${a.inviteCode.slice(0, 4)} - ${a.inviteCode.slice(4)}`.toLowerCase();
    expect((await sendFriendRequest(b.id, { inviteCode: retyped })).status).toBe("ACCEPTED");
    expect(await areFriends(a.id, b.id)).toBe(true);
    await expect(sendFriendRequest(a.id, { inviteCode: a.inviteCode })).rejects.toMatchObject({ reason: "self" });
  });
});

describe("operator adjustments", () => {
  it("grants and deducts with a reason, idempotently, never below zero", async () => {
    const operator = await createTestUser({ role: "OPERATOR" });
    const user = await createTestUser();
    const grant = { userId: user.id, grams: 500, reason: "compensation", idempotencyKey: "adj-grant-1" + user.id, operatorId: operator.id };
    expect(await adjustEnergy(grant)).toMatchObject({ applied: true, balance: 500 });
    expect(await adjustEnergy(grant)).toMatchObject({ applied: false, balance: 500 });
    await expect(adjustEnergy({ ...grant, grams: 400 })).rejects.toEqual(new AdjustmentRefused("idempotency_conflict"));
    await expect(
      adjustEnergy({ ...grant, grams: -501, reason: "fraud", idempotencyKey: "adj-deduct-1" + user.id }),
    ).rejects.toEqual(new AdjustmentRefused("insufficient_energy"));
    expect(await adjustEnergy({ ...grant, grams: -200, reason: "fraud", idempotencyKey: "adj-deduct-2" + user.id })).toMatchObject({ balance: 300 });
    const entry = await db().energyEntry.findUniqueOrThrow({ where: { idempotencyKey: "grant:adj-deduct-2" + user.id } });
    expect(entry).toMatchObject({ kind: "GRANT", grams: -200, reason: "fraud", counterpartId: operator.id });
  });
});

describe("the ledger checks", () => {
  it("catch a balance, a ball or a total that does not match the entries", async () => {
    const user = await createTestUser({ grams: 100 });
    const ball = await createBall(user.id, { grams: 50, ripe: true });
    const rollback = new Error("rollback");
    // Each corruption happens inside a transaction that is rolled back, out of sight of other tests.
    const inspect = (corrupt: (tx: Parameters<Parameters<ReturnType<typeof db>["$transaction"]>[0]>[0]) => Promise<unknown>) =>
      db()
        .$transaction(async (tx) => {
          await corrupt(tx);
          throw Object.assign(rollback, { checks: await checkLedger(tx) });
        })
        .catch((error: { checks: Awaited<ReturnType<typeof checkLedger>> }) => error.checks);

    expect(await inspect((tx) => tx.user.update({ where: { id: user.id }, data: { energyBalance: { increment: 1 } } }))).toMatchObject({
      ok: false,
      balanceMismatches: 1,
    });
    expect(await inspect((tx) => tx.energyBall.update({ where: { id: ball.id }, data: { remainingGrams: 49 } }))).toMatchObject({
      ok: false,
      ballMismatches: 1,
    });
    expect(
      await inspect((tx) =>
        tx.energyEntry.create({ data: { userId: user.id, account: "ESCROW", kind: "REDEEM_ESCROW", grams: 7, idempotencyKey: `forged:${user.id}` } }),
      ),
    ).toMatchObject({ ok: false, conserved: false });
  });
});
