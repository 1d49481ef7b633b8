import { randomBytes } from "node:crypto";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import { createPartner, rotatePartnerSecret, signatureHeader } from "~/energy/partners.server";
import * as partnersPage from "~/routes/ops.partners._index";
import { createTestUser, expectLedgerConsistent } from "../support/factories";
import { apiHandler, callRoute } from "../support/routes";

afterEach(expectLedgerConsistent);

let partner: { id: string; secret: string };
beforeAll(async () => {
  partner = await createPartner({ id: `p-${randomBytes(4).toString("hex")}`, name: "Test partner" });
});

const id = () => `act-${randomBytes(6).toString("hex")}`;
const hoursAgo = (h: number) => new Date(Date.now() - h * 3600_000).toISOString();

function post(body: unknown, options: { secret?: string; keyId?: string; timestamp?: number; raw?: string } = {}) {
  const raw = options.raw ?? JSON.stringify(body);
  return callRoute(apiHandler, {
    method: "POST",
    path: "/api/v1/partner/actions",
    body: raw,
    headers: {
      "Content-Type": "application/json",
      "Sapling-Partner": options.keyId ?? partner.id,
      "Sapling-Signature": signatureHeader(options.secret ?? partner.secret, raw, options.timestamp),
    },
  });
}

describe("partner actions", () => {
  it("turns an action into a ball that ripens at 07:00 the next day, once per action id", async () => {
    const user = await createTestUser();
    const report = { id: id(), user: user.email, type: "metro_ride", occurredAt: hoursAgo(2) };
    const first = await post(report);
    expect(first.status).toBe(201);
    expect(first.body).toEqual({ ballId: expect.any(String), grams: 52, ripensAt: expect.any(String), expiresAt: expect.any(String) });
    expect(new Date(first.body.expiresAt).getTime() - new Date(first.body.ripensAt).getTime()).toBe(72 * 3600_000);
    expect(new Date(first.body.ripensAt).getTime()).toBeGreaterThan(Date.now() - 2 * 3600_000);
    expect(new Date(first.body.ripensAt).toISOString()).toMatch(/T23:00:00.000Z$/); // 07:00 in Shanghai
    const repeat = await post(report);
    expect(repeat).toEqual(first);
    expect(await db().energyBall.count({ where: { userId: user.id } })).toBe(1);
  });

  it("caps metro rides at 5 a day, even when reported at the same moment", async () => {
    const user = await createTestUser();
    const results = await Promise.all(Array.from({ length: 8 }, () => post({ id: id(), user: user.id, type: "metro_ride", occurredAt: hoursAgo(1) })));
    expect(results.every((r) => r.status === 201)).toBe(true);
    expect(results.filter((r) => r.body.grams === 52)).toHaveLength(5);
    expect(results.filter((r) => r.body.grams === 0)).toEqual(Array(3).fill({ status: 201, body: { ballId: null, grams: 0, reason: "daily_cap" } }));
    expect(await db().energyBall.count({ where: { userId: user.id } })).toBe(5);
  });

  it("takes one walking report a day, with grams by steps", async () => {
    const user = await createTestUser();
    expect((await post({ id: id(), user: user.email, type: "walking", occurredAt: hoursAgo(1), steps: 6_000 })).body.grams).toBe(100);
    expect((await post({ id: id(), user: user.email, type: "walking", occurredAt: hoursAgo(1), steps: 20_000 })).body).toMatchObject({ grams: 0, reason: "daily_cap" });
  });

  it("gives a utility bill energy once a month per bill account, and nothing under ¥1", async () => {
    const user = await createTestUser();
    const bill = { user: user.email, type: "utility_bill", occurredAt: hoursAgo(1), amountFen: 12_000 };
    expect((await post({ ...bill, id: id(), account: "water-1" })).body.grams).toBe(262);
    expect((await post({ ...bill, id: id(), account: "water-1" })).body).toMatchObject({ grams: 0, reason: "account_monthly_cap" });
    expect((await post({ ...bill, id: id(), account: "power-1" })).body.grams).toBe(262);
    expect((await post({ ...bill, id: id(), account: "gas-1", amountFen: 99 })).body).toMatchObject({ grams: 0, reason: "below_minimum" });
  });

  it("accepts reports up to 7 days late and refuses older or future ones", async () => {
    const user = await createTestUser();
    expect((await post({ id: id(), user: user.email, type: "bus_ride", occurredAt: hoursAgo(6 * 24) })).body.grams).toBe(80);
    expect(await post({ id: id(), user: user.email, type: "bus_ride", occurredAt: hoursAgo(8 * 24) })).toMatchObject({ status: 422, body: { error: { code: "too_old" } } });
    expect(await post({ id: id(), user: user.email, type: "bus_ride", occurredAt: hoursAgo(-1) })).toMatchObject({ status: 422, body: { error: { code: "in_future" } } });
  });

  it("answers 401 for an unknown key, a stale or wrong signature, and keeps the old secret for a day after rotation", async () => {
    const user = await createTestUser();
    const body = { id: id(), user: user.email, type: "e_invoice", occurredAt: hoursAgo(1) };
    expect(await post(body, { keyId: "nobody" })).toMatchObject({ status: 401, body: { error: { code: "unknown_partner" } } });
    expect(await post(body, { secret: "wrong" })).toMatchObject({ status: 401, body: { error: { code: "bad_signature" } } });
    expect(await post(body, { timestamp: Math.floor(Date.now() / 1000) - 301 })).toMatchObject({ status: 401, body: { error: { code: "signature_expired" } } });
    const tampered = await callRoute(apiHandler, {
      method: "POST",
      path: "/api/v1/partner/actions",
      body: JSON.stringify({ ...body, type: "movie_ticket" }),
      headers: { "Sapling-Partner": partner.id, "Sapling-Signature": signatureHeader(partner.secret, JSON.stringify(body)) },
    });
    expect(tampered).toMatchObject({ status: 401, body: { error: { code: "bad_signature" } } });

    const old = partner.secret;
    const rotated = await rotatePartnerSecret(partner.id);
    expect((await post({ ...body, id: id() }, { secret: old })).status).toBe(201);
    expect((await post({ ...body, id: id() }, { secret: rotated.secret })).status).toBe(201);
    partner = { id: partner.id, secret: rotated.secret };
    await db().partner.update({ where: { id: partner.id }, data: { previousSecretUntil: new Date(Date.now() - 1000) } });
    expect((await post({ ...body, id: id() }, { secret: old })).status).toBe(401);
  });

  it("rotates twice at once without losing the secret either operator was shown, and refuses an unknown partner", async () => {
    const other = await createPartner({ id: `p-${randomBytes(4).toString("hex")}`, name: "Rotated twice" });
    const [first, second] = await Promise.all([rotatePartnerSecret(other.id), rotatePartnerSecret(other.id)]);
    const row = await db().partner.findUniqueOrThrow({ where: { id: other.id } });
    // One rotation came after the other: the later one's secret is current, the earlier one's the previous.
    expect([row.secret, row.previousSecret].sort()).toEqual([first.secret, second.secret].sort());
    await expect(rotatePartnerSecret("no-such-partner")).rejects.toMatchObject({ code: "partner_not_found" });
  });

  it("creates a partner once when two operators submit the same id at once; the other is told it is taken, on the page", async () => {
    const operator = await createTestUser({ role: "OPERATOR" });
    const { createSession } = await import("~/auth/session.server");
    const headers = { "Content-Type": "application/x-www-form-urlencoded", Authorization: `Bearer ${await createSession(operator.id)}` };
    const partnerId = `p-${randomBytes(4).toString("hex")}`;
    const submit = (body: string) => callRoute(partnersPage.action, { method: "POST", path: "/ops/partners", body, headers });
    const answers = await Promise.all([submit(`intent=create&id=${partnerId}&name=Twice`), submit(`intent=create&id=${partnerId}&name=Twice`)]);
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 409]);
    expect(answers.find((answer) => answer.status === 409)!.body).toMatchObject({ ok: false, error: "ops.partnerRefused.partner_taken" });
    const shown = answers.find((answer) => answer.status === 200)!.body as { params: { secret: string } };
    expect((await db().partner.findUniqueOrThrow({ where: { id: partnerId } })).secret).toBe(shown.params.secret);
    expect(await submit("intent=create&id=X&name=y")).toMatchObject({ status: 422, body: { error: "ops.partnerInvalid" } });
    expect(await submit("intent=rotate&id=no-such-partner")).toMatchObject({ status: 404, body: { error: "ops.partnerRefused.partner_not_found" } });
  });

  it("answers 400, 404 and 422 for malformed fields, unknown users and unknown types, and records them", async () => {
    const user = await createTestUser();
    expect(await post(null, { raw: "{not json" })).toMatchObject({ status: 400, body: { error: { code: "malformed_json" } } });
    expect(await post({ id: id(), user: user.email, type: "metro_ride", occurredAt: "yesterday" })).toMatchObject({ status: 400, body: { error: { code: "invalid_fields" } } });
    expect(await post({ id: id(), user: user.email, type: "walking", occurredAt: hoursAgo(1) })).toMatchObject({ status: 400, body: { error: { code: "invalid_fields", message: "walking needs steps" } } });
    const unknownUser = { id: id(), user: "ghost@nowhere.test", type: "metro_ride", occurredAt: hoursAgo(1) };
    expect(await post(unknownUser)).toMatchObject({ status: 404, body: { error: { code: "unknown_user" } } });
    expect(await post(unknownUser)).toMatchObject({ status: 404 });
    expect(await post({ id: id(), user: user.email, type: "teleport", occurredAt: hoursAgo(1) })).toMatchObject({ status: 422, body: { error: { code: "unknown_type" } } });
    const rejected = await db().partnerAction.findMany({ where: { partnerId: partner.id, status: "REJECTED" } });
    expect(rejected.map((r) => r.reason)).toEqual(expect.arrayContaining(["unknown_user", "unknown_type", "invalid_fields"]));
    expect(rejected.filter((r) => r.externalId === unknownUser.id)).toHaveLength(1);
  });
});
