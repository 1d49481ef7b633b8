import { endpoints } from "~/api/endpoints.server";
import { randomUUID } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { createSession } from "~/auth/session.server";
import { db } from "~/db/client.server";
import { DEMO_TOTP_SECRET } from "../../prisma/seed";
import { createBall, createTestUser, expectLedgerConsistent } from "../support/factories";
import { unusedCode } from "../support/totp";
import { callApi } from "../support/routes";

afterEach(expectLedgerConsistent);

async function signedIn(options: Parameters<typeof createTestUser>[0] = {}) {
  const user = await createTestUser(options);
  const token = await createSession(user.id);
  const headers = (extra: Record<string, string> = {}) => ({ Authorization: `Bearer ${token}`, "Content-Type": "application/json", ...extra });
  return { user, headers };
}

describe("energy API", () => {
  it("shows my forest with balls, states and cover", async () => {
    const me = await signedIn({ grams: 10 });
    await createBall(me.user.id, { grams: 52, ripe: true });
    await createBall(me.user.id, { grams: 80, ripe: false });
    const forest = await callApi(endpoints.myForest, { headers: me.headers() });
    expect(forest.status).toBe(200);
    expect(forest.body).toMatchObject({ balance: 10, cover: null });
    expect(forest.body.balls.map((b: { state: string; grams: number }) => [b.state, b.grams])).toEqual([["RIPE", 52], ["GROWING", 80]]);
    expect(Object.keys(forest.body.balls[0]).sort()).toEqual(
      ["demoShortcut", "expiresAt", "expiringSoon", "grams", "id", "remaining", "ripensAt", "state", "type"].sort(),
    );
  });

  it("befriends through requests, shows a friend's forest, lets them steal and water, and refuses strangers", async () => {
    const owner = await signedIn();
    const friend = await signedIn({ grams: 100 });
    const stranger = await signedIn();
    const ball = await createBall(owner.user.id, { grams: 100, ripe: true });

    const asked = await callApi(endpoints.askFriend, { method: "POST", headers: friend.headers(), body: JSON.stringify({ email: owner.user.email }) });
    expect(asked).toEqual({ status: 201, body: { id: expect.any(String), status: "PENDING" } });
    expect(await callApi(endpoints.acceptRequest, { method: "POST", headers: owner.headers(), params: { id: asked.body.id } })).toMatchObject({ status: 200 });

    const view = await callApi(endpoints.friendForest, { headers: friend.headers(), params: { userId: owner.user.id } });
    expect(view.body.balls[0]).toMatchObject({ id: ball.id, mayTake: 30 });
    expect((await callApi(endpoints.friendForest, { headers: stranger.headers(), params: { userId: owner.user.id } })).status).toBe(403);

    const took = await callApi(endpoints.collectBall, { method: "POST", headers: friend.headers(), params: { ballId: ball.id } });
    expect(took.status).toBe(200);
    expect(await callApi(endpoints.collectBall, { method: "POST", headers: friend.headers(), params: { ballId: ball.id } })).toMatchObject({
      status: 409,
      body: { error: { code: "already_taken" } },
    });
    expect(await callApi(endpoints.collectBall, { method: "POST", headers: stranger.headers(), params: { ballId: ball.id } })).toMatchObject({ status: 403 });
    expect(await callApi(endpoints.collectBall, { method: "POST", headers: friend.headers(), params: { ballId: "nope" } })).toMatchObject({ status: 404 });

    const watered = await callApi(endpoints.water, { method: "POST", headers: friend.headers(), params: { userId: owner.user.id }, body: JSON.stringify({ grams: 33 }) });
    expect(watered).toEqual({ status: 200, body: { grams: 33, balance: 100 + took.body.grams - 33 } });
    expect(await callApi(endpoints.water, { method: "POST", headers: friend.headers(), params: { userId: owner.user.id }, body: JSON.stringify({ grams: 5 }) })).toMatchObject({
      status: 422,
      body: { error: { code: "invalid_amount" } },
    });
  });

  it("pages through my ledger", async () => {
    const me = await signedIn({ grams: 5 });
    for (let i = 0; i < 3; i++) await takeRipe(me.user.id);
    const all: { id: string; kind: string; account: string; grams: number }[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: { body: { entries: typeof all; nextCursor: string | null } } = await callApi(endpoints.ledger, {
        headers: me.headers(),
        query: `?limit=4${cursor ? `&cursor=${cursor}` : ""}`,
      });
      all.push(...page.body.entries);
      cursor = page.body.nextCursor;
      pages += 1;
    } while (cursor);
    // Per ball: EARN into the ball, COLLECT out of it and into the balance; and the first grant.
    expect(pages).toBe(3);
    expect(all).toHaveLength(10);
    expect(new Set(all.map((e) => e.id)).size).toBe(10);
    expect(all.at(-1)).toMatchObject({ kind: "GRANT", grams: 5 });
    expect(all.filter((e) => e.account === "BALANCE").reduce((sum, e) => sum + e.grams, 0)).toBe(5 + 3 * 7);
    expect((await callApi(endpoints.ledger, { headers: me.headers(), query: "?cursor=abc" })).status).toBe(422);
  });

  it("lets operators only adjust energy", async () => {
    const operator = await signedIn({ role: "OPERATOR" });
    const consumer = await signedIn();
    await db().user.update({ where: { id: operator.user.id }, data: { totpSecret: DEMO_TOTP_SECRET, totpEnabledAt: new Date() } });
    const fields = { userId: consumer.user.id, grams: 500, reason: "compensation", idempotencyKey: randomUUID() };
    const body = JSON.stringify(fields);
    expect((await callApi(endpoints.adjustEnergy, { method: "POST", headers: consumer.headers(), body })).status).toBe(403);
    // The operator's first decision in this session gives an authenticator code; it covers the next ones.
    const totp = await unusedCode(operator.user.email, { databaseUrl: process.env.DATABASE_URL });
    expect(await callApi(endpoints.adjustEnergy, { method: "POST", headers: operator.headers(), body: JSON.stringify({ ...fields, totp }) })).toMatchObject({ status: 201, body: { balance: 500, applied: true } });
    expect(await callApi(endpoints.adjustEnergy, { method: "POST", headers: operator.headers(), body })).toMatchObject({ status: 200, body: { applied: false } });
    expect(
      await callApi(endpoints.adjustEnergy, { method: "POST", headers: operator.headers(), body: JSON.stringify({ userId: consumer.user.id, grams: 1.5, reason: "x" }) }),
    ).toMatchObject({ status: 422, body: { error: { code: "invalid_fields" } } });
  });
});

async function takeRipe(userId: string) {
  const { takeFromBall } = await import("~/energy/forest.server");
  const ball = await createBall(userId, { grams: 7, ripe: true });
  await takeFromBall(userId, ball.id);
}
