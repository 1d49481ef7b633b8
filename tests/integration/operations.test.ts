import { endpoints } from "~/api/endpoints.server";
import { describe, expect, it } from "vitest";
import { createSession } from "~/auth/session.server";
import * as authOperations from "~/auth/operations.server";
import { STEP_UP_REFUSALS } from "~/auth/totp.server";
import * as energyOperations from "~/energy/operations.server";
import * as redemptionOperations from "~/redemption/operations.server";
import { RedemptionRefused, requestRedemption } from "~/redemption/redeem.server";
import * as projectPage from "~/routes/projects.$slug";
import * as teamPage from "~/routes/teams.$id";
import * as energyPage from "~/routes/ops.energy";
import * as cartPage from "~/routes/cart";
import * as commerceOperations from "~/commerce/operations.server";
import * as payoutOperations from "~/payouts/operations.server";
import * as ledgerOperations from "~/ledger/operations.server";
import * as evidenceOperations from "~/evidence/operations.server";
import * as projectOperations from "~/projects/operations.server";
import { db } from "~/db/client.server";
import { createTeam } from "~/redemption/teams.server";
import { en } from "~/i18n/en";
import { zh } from "~/i18n/zh";
import * as friendPage from "~/routes/friends.$userId";
import type { Operation } from "~/utils/operation.server";
import { DEMO_TOTP_SECRET } from "../../prisma/seed";
import { createBall, createTestProject, createTestUser, makeFriends } from "../support/factories";
import { unusedCode } from "../support/totp";
import { apiHandler, callApi, callRoute } from "../support/routes";

// A command declared once answers the same on the page and in the API: same status, same code,
// the API's English the page's English.

async function signedIn(grams = 0, role: "CONSUMER" | "OPERATOR" = "CONSUMER") {
  const user = await createTestUser({ grams, role });
  const token = await createSession(user.id);
  return { user, bearer: { Authorization: `Bearer ${token}` } };
}

const form = (fields: Record<string, string>) => ({ body: new URLSearchParams(fields).toString(), headers: { "Content-Type": "application/x-www-form-urlencoded" } });

function lookup(messages: unknown, key: string): unknown {
  return key.split(".").reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], messages);
}

describe("operations declared once", () => {
  it("give every refusal they declare a message in both languages", () => {
    const operations = [...Object.values(energyOperations), ...Object.values(redemptionOperations), ...Object.values(commerceOperations), ...Object.values(payoutOperations), ...Object.values(ledgerOperations), ...Object.values(evidenceOperations), ...Object.values(projectOperations), ...Object.values(authOperations)] as Operation[];
    expect(operations.length).toBeGreaterThan(0);
    for (const op of operations) {
      for (const code of Object.keys(op.refusals)) {
        // A missing or wrong authenticator code is said the same way for every decision that asks for one.
        const key = code in STEP_UP_REFUSALS ? `stepUp.${code}` : `${op.messages}.${code}`;
        expect(typeof lookup(en, key), `${op.name}: en ${key}`).toBe("string");
        expect(typeof lookup(zh, key), `${op.name}: zh ${key}`).toBe("string");
      }
    }
  });

  it("keep operator commands under /ops and /api/v1/ops, where the route × role walk (tests/e2e/roles-parity.test.ts) refuses everyone else", async () => {
    const declared = Object.values(endpoints) as { path: string; auth: string; operation?: Operation }[];
    for (const endpoint of declared) {
      const operatorOnly = endpoint.auth === "operator" || endpoint.operation?.who === "operator";
      expect({ path: endpoint.path, operatorOnly }).toEqual({ path: endpoint.path, operatorOnly: endpoint.path.startsWith("/api/v1/ops/") });
    }
    // Every page action built on an operator operation is a route under /ops.
    const { readdir, readFile } = await import("node:fs/promises");
    const operators = ([...Object.values(energyOperations), ...Object.values(redemptionOperations), ...Object.values(commerceOperations), ...Object.values(payoutOperations), ...Object.values(ledgerOperations), ...Object.values(evidenceOperations), ...Object.values(projectOperations)] as Operation[]).filter((op) => op.who === "operator");
    expect(operators.length).toBeGreaterThan(0);
    const exported = new Map((Object.entries({ ...energyOperations, ...redemptionOperations, ...commerceOperations, ...payoutOperations, ...ledgerOperations, ...evidenceOperations, ...projectOperations }) as [string, Operation][]).map(([name, op]) => [op, name]));
    const routes = new URL("../../app/routes/", import.meta.url);
    const usedBy: string[] = [];
    for (const file of await readdir(routes)) {
      const source = await readFile(new URL(file, routes), "utf8");
      for (const op of operators) if (new RegExp(`intent\\(${exported.get(op)}\\b`).test(source)) usedBy.push(file);
    }
    expect(usedBy.length).toBeGreaterThan(0);
    expect(usedBy.filter((file) => !file.startsWith("ops."))).toEqual([]);
  });

  it("refuse a stranger's steal with the same 403 on the page and in the API, in the page's words", async () => {
    const owner = await signedIn();
    const stranger = await signedIn();
    const ball = await createBall(owner.user.id, { grams: 100, ripe: true });

    const page = await callRoute(friendPage.action, { method: "POST", params: { userId: owner.user.id }, ...form({ intent: "take", ballId: ball.id }), headers: { ...form({}).headers, ...stranger.bearer } });
    expect(page).toEqual({ status: 403, body: { ok: false, intent: "take", error: "forest.refused.not_friends", params: {} } });
    const api = await callApi(endpoints.collectBall, { method: "POST", params: { ballId: ball.id }, headers: stranger.bearer });
    expect(api).toEqual({ status: 403, body: { error: { code: "not_friends", message: en.forest.refused.not_friends } } });
  });

  it("answer watering past the daily limit and an amount not offered the same way on both", async () => {
    const owner = await signedIn();
    const friend = await signedIn(1_000);
    await makeFriends(owner.user.id, friend.user.id);
    const headers = { "Content-Type": "application/x-www-form-urlencoded", ...friend.bearer };

    const odd = await callRoute(friendPage.action, { method: "POST", params: { userId: owner.user.id }, body: "intent=water&grams=11", headers });
    expect(odd).toEqual({ status: 422, body: { ok: false, intent: "water", error: "friends.waterRefused.invalid_amount", params: {} } });
    const oddApi = await callApi(endpoints.water, { method: "POST", params: { userId: owner.user.id }, body: JSON.stringify({ grams: 11 }), headers: { ...friend.bearer, "Content-Type": "application/json" } });
    expect(oddApi).toEqual({ status: 422, body: { error: { code: "invalid_amount", message: en.friends.waterRefused.invalid_amount } } });

    for (let i = 0; i < 3; i++) {
      expect(await callRoute(friendPage.action, { method: "POST", params: { userId: owner.user.id }, body: "intent=water&grams=10", headers })).toMatchObject({ status: 200, body: { ok: true, message: "friends.watered", params: { grams: 10 } } });
    }
    const page = await callRoute(friendPage.action, { method: "POST", params: { userId: owner.user.id }, body: "intent=water&grams=10", headers });
    expect(page).toMatchObject({ status: 409, body: { error: "friends.waterRefused.daily_limit" } });
    const api = await callApi(endpoints.water, { method: "POST", params: { userId: owner.user.id }, body: JSON.stringify({ grams: 10 }), headers: { ...friend.bearer, "Content-Type": "application/json" } });
    expect(api).toEqual({ status: 409, body: { error: { code: "daily_limit", message: en.friends.waterRefused.daily_limit } } });
  });

  it("remove a friend once; the second time is the same 404 on both", async () => {
    const me = await signedIn();
    const other = await signedIn();
    await makeFriends(me.user.id, other.user.id);
    const removed = await friendPage.action({
      request: new Request("http://sapling.test/friends/x", { method: "POST", ...form({ intent: "remove" }), headers: { ...form({}).headers, ...me.bearer } }),
      params: { userId: other.user.id },
      context: {},
    });
    expect([removed.status, removed.headers.get("Location")]).toEqual([302, "/friends"]);
    const again = await callRoute(friendPage.action, { method: "POST", params: { userId: other.user.id }, ...form({ intent: "remove" }), headers: { ...form({}).headers, ...me.bearer } });
    expect(again).toMatchObject({ status: 404, body: { error: "friends.refused.not_friends" } });
    const api = await callApi(endpoints.removeFriend, { method: "DELETE", params: { userId: other.user.id }, headers: me.bearer });
    expect(api).toEqual({ status: 404, body: { error: { code: "not_friends", message: en.friends.refused.not_friends } } });
  });

  it("hold a redemption to its project's cap in the domain, the same on the page and in the API, never rewriting the number", async () => {
    const forest = await createTestProject({ capacity: 100, unitCostGrams: 10 });
    const land = await createTestProject({ capacity: 5_000, unitCostGrams: 1, kind: "PROTECTED_AREA" });
    const me = await signedIn(100_000);
    const headers = { "Content-Type": "application/x-www-form-urlencoded", ...me.bearer };
    const json = { ...me.bearer, "Content-Type": "application/json" };

    const page = await callRoute(projectPage.action, { method: "POST", params: { slug: forest.slug }, body: "intent=redeem&quantity=11&idempotencyKey=page-cap-1", headers });
    expect(page).toEqual({ status: 422, body: { ok: false, intent: "redeem", error: "projects.refused.quantity_out_of_range", params: { max: 10 } } });
    const api = await callApi(endpoints.requestRedemption, { method: "POST", body: JSON.stringify({ projectId: forest.id, quantity: 11, idempotencyKey: "api-cap-1" }), headers: json });
    expect(api).toEqual({ status: 422, body: { error: { code: "quantity_out_of_range", message: "Choose a whole number between 1 and 10." } } });
    // Land takes up to 1,000 m² at once.
    expect(await callApi(endpoints.requestRedemption, { method: "POST", body: JSON.stringify({ projectId: land.id, quantity: 1_000, idempotencyKey: "api-cap-2" }), headers: json })).toMatchObject({ status: 202, body: { quantity: 1_000 } });

    for (const quantity of ["0", "-1", "abc", "1.5", "1000000000000"]) {
      const answer = await callRoute(projectPage.action, { method: "POST", params: { slug: forest.slug }, body: `intent=redeem&quantity=${quantity}&idempotencyKey=page-bad-${quantity}`, headers });
      expect(answer.status, quantity).toBe(422);
      expect(answer.body.error, quantity).toMatch(/^(errors.quantityInvalid|projects.refused.quantity_out_of_range)$/);
      if (answer.body.params) expect(answer.body.params).toEqual({ max: 10 });
    }
    // Straight to the domain: refused before any arithmetic, nothing debited.
    await expect(requestRedemption({ userId: me.user.id, projectId: forest.id, quantity: 1e9, idempotencyKey: "domain-cap" })).rejects.toEqual(new RedemptionRefused("quantity_out_of_range", { max: 10 }));
    await expect(requestRedemption({ userId: me.user.id, projectId: forest.id, quantity: 11, idempotencyKey: "domain-cap-2" })).rejects.toMatchObject({ code: "quantity_out_of_range", params: { max: 10 } });
  });

  it("keep a stranger out of a team with the same answers on the page and in the API", async () => {
    const project = await createTestProject({ capacity: 10, unitCostGrams: 100 });
    const creator = await signedIn(100);
    const stranger = await signedIn(100);
    const team = await createTeam(creator.user.id, { projectId: project.id, name: "Pines" });
    const form = { "Content-Type": "application/x-www-form-urlencoded", ...stranger.bearer };
    const json = { "Content-Type": "application/json", ...stranger.bearer };
    // Without the team's link it is not there (404); with it, a stranger still cannot join (403).
    const unseen = await callRoute(teamPage.action, { method: "POST", params: { id: team.id }, body: "intent=join", headers: form });
    expect(unseen).toEqual({ status: 404, body: { ok: false, intent: "join", error: "teams.refused.team_not_found", params: {} } });
    const unseenApi = await callApi(endpoints.joinTeam, { method: "POST", params: { id: team.id }, body: JSON.stringify({ invite: "" }), headers: json });
    expect(unseenApi).toEqual({ status: 404, body: { error: { code: "team_not_found", message: en.teams.refused.team_not_found } } });
    const page = await callRoute(teamPage.action, { method: "POST", params: { id: team.id }, body: `intent=join&invite=${team.inviteToken}`, headers: form });
    expect(page).toEqual({ status: 403, body: { ok: false, intent: "join", error: "teams.refused.not_friends", params: {} } });
    const api = await callApi(endpoints.joinTeam, { method: "POST", params: { id: team.id }, body: JSON.stringify({ invite: team.inviteToken }), headers: json });
    expect(api).toEqual({ status: 403, body: { error: { code: "not_friends", message: en.teams.refused.not_friends } } });
    expect((await callRoute(apiHandler, { method: "POST", path: `/api/v1/teams/${team.id}/nope`, headers: stranger.bearer })).status).toBe(404);
  });

  it("adjust energy for operators only, by email on the page and by id in the API, refusing the same way", async () => {
    const operator = await signedIn(0, "OPERATOR");
    const consumer = await signedIn(50);
    const form = { "Content-Type": "application/x-www-form-urlencoded", ...operator.bearer };
    const body = (fields: Record<string, string>) => new URLSearchParams({ intent: "adjust", reason: "correction", ...fields }).toString();

    // Without an authenticator set up, no adjustment; with one, its code covers the session's next ten minutes.
    const notEnrolled = await callRoute(energyPage.action, { method: "POST", body: body({ email: consumer.user.email, grams: "5", idempotencyKey: "page-adjust-0" }), headers: form });
    expect(notEnrolled).toEqual({ status: 403, body: { ok: false, intent: "adjust", error: "stepUp.totp_not_enrolled", params: {} } });
    await db().user.update({ where: { id: operator.user.id }, data: { totpSecret: DEMO_TOTP_SECRET, totpEnabledAt: new Date() } });
    const totp = await unusedCode(operator.user.email, { databaseUrl: process.env.DATABASE_URL });
    const page = await callRoute(energyPage.action, { method: "POST", body: body({ email: consumer.user.email, grams: "-51", idempotencyKey: "page-adjust-1", totp }), headers: form });
    expect(page).toEqual({ status: 422, body: { ok: false, intent: "adjust", error: "ops.adjustRefused.insufficient_energy", params: {} } });
    const api = await callApi(endpoints.adjustEnergy, { method: "POST", body: JSON.stringify({ userId: consumer.user.id, grams: -51, reason: "correction", idempotencyKey: "api-adjust-1" }), headers: { ...operator.bearer, "Content-Type": "application/json" } });
    expect(api).toEqual({ status: 422, body: { error: { code: "insufficient_energy", message: en.ops.adjustRefused.insufficient_energy } } });

    const unknown = await callRoute(energyPage.action, { method: "POST", body: body({ email: "nobody@sapling.test", grams: "5", idempotencyKey: "page-adjust-2" }), headers: form });
    expect(unknown).toMatchObject({ status: 404, body: { error: "ops.adjustRefused.user_not_found" } });
    const granted = await callRoute(energyPage.action, { method: "POST", body: body({ email: consumer.user.email, grams: "5", idempotencyKey: "page-adjust-3" }), headers: form });
    expect(granted).toEqual({ status: 200, body: { ok: true, intent: "adjust", message: "ops.adjusted", params: { balance: 55 } } });

    // A consumer is turned away from both before anything is read.
    const asConsumer = await energyPage.action({ request: new Request("http://sapling.test/ops/energy", { method: "POST", body: body({ email: consumer.user.email, grams: "5", idempotencyKey: "x-adjust-4" }), headers: { "Content-Type": "application/x-www-form-urlencoded", ...consumer.bearer } }), params: {}, context: {} }).catch((thrown: Response) => thrown);
    expect(asConsumer.status).toBe(403);
    expect((await callApi(endpoints.adjustEnergy, { method: "POST", body: JSON.stringify({ userId: consumer.user.id, grams: 5, reason: "x-x-x", idempotencyKey: "api-adjust-5" }), headers: { ...consumer.bearer, "Content-Type": "application/json" } })).status).toBe(403);
  });

  it("put exactly what was asked in the cart: never 0 as 1, an unknown product 404, two tabs adding at once both counted", async () => {
    const project = await createTestProject({ capacity: 10 });
    const product = await db().product.create({
      data: { projectId: project.id, slug: `op-honey-${Date.now()}`, nameZh: "蜂蜜", nameEn: "Honey", unitZh: "瓶", unitEn: "jar", priceFen: 8_800n, unitCostFen: 5_200n, stock: 50 },
    });
    const me = await signedIn();
    const post = (body: string) => callRoute(cartPage.action, { method: "POST", body, headers: { "Content-Type": "application/x-www-form-urlencoded", ...me.bearer } });
    const line = async () => (await db().cartItem.findUnique({ where: { userId_productId: { userId: me.user.id, productId: product.id } } }))?.quantity ?? 0;

    for (const quantity of ["0", "-1", "", "abc", "21"]) {
      expect(await post(`intent=add&productId=${product.id}&quantity=${quantity}`), quantity).toMatchObject({ status: 422, body: { ok: false, error: "shop.errors.addQuantity" } });
    }
    expect(await line()).toBe(0);
    expect(await post("intent=add&productId=does-not-exist&quantity=1")).toMatchObject({ status: 404, body: { error: "shop.refused.product_not_found" } });
    expect(await post("intent=set&productId=does-not-exist&quantity=1")).toMatchObject({ status: 404, body: { error: "shop.refused.product_not_found" } });

    const added = await Promise.all(Array.from({ length: 6 }, () => cartPage.action({ request: new Request("http://sapling.test/cart", { method: "POST", body: `intent=add&productId=${product.id}&quantity=3`, headers: { "Content-Type": "application/x-www-form-urlencoded", ...me.bearer } }), params: {}, context: {} })));
    expect(added.map((response) => response.status)).toEqual([302, 302, 302, 302, 302, 302]);
    // 6 × 3 = 18, every add counted; one more add stops at the line's cap of 20.
    expect(await line()).toBe(18);
    await post(`intent=add&productId=${product.id}&quantity=5`);
    expect(await line()).toBe(20);
    const empty = await signedIn();
    const checkedOut = await callRoute(cartPage.action, { method: "POST", body: "intent=checkout&idempotencyKey=empty-cart-1", headers: { "Content-Type": "application/x-www-form-urlencoded", ...empty.bearer } });
    expect(checkedOut).toEqual({ status: 409, body: { ok: false, intent: "checkout", error: "shop.refused.empty_cart", params: {} } });
  });
});
