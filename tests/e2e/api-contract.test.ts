import { randomUUID } from "node:crypto";
import { Validator } from "@seriousme/openapi-schema-validator";
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signatureHeader } from "~/energy/partners.server";
import { DEMO_PARTNER, DEMO_PASSWORD, DEMO_USERS } from "../../prisma/seed";
import { fullPath, routeManifest } from "../support/route-manifest";
import { useOwnWebServer } from "../support/own-web";
import { signupTokenFor } from "../support/mail";
import { unusedCode } from "../support/totp";

// The API against its own document: GET /api/v1/openapi.json is a valid OpenAPI 3.1 document, and
// every endpoint in it is called (with the document's example body where it has one) until each
// has answered with success, and with refusals too; every answer's status must be one the document
// lists for that operation and its body must match the schema given there. A route that changes
// what it sends, a new field, a status nobody wrote down, or an endpoint missing from the document
// fails here. A database and web server of this file's own (it signs up people, redeems and
// starts teams).

type Document = {
  paths: Record<string, Record<string, { operationId: string; requestBody?: { content: { "application/json": { example?: Record<string, unknown> } } }; responses: Record<string, { content?: unknown }> }>>;
};

const own = useOwnWebServer("contract");
let doc: Document;
const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
/** What each operation answered, by status. */
const seen = new Map<string, Set<number>>();
let sql: pg.Client;

beforeAll(async () => {
  doc = (await (await fetch(`${own.base}/api/v1/openapi.json`)).json()) as Document;
  ajv.addSchema(doc as object, "openapi.json");
  sql = new pg.Client({ connectionString: own.databaseUrl });
  await sql.connect();
}, 180_000);

afterAll(async () => {
  await sql?.end();
});

const pointer = (...parts: string[]) => parts.map((part) => part.replace(/~/g, "~0").replace(/\//g, "~1")).join("/");

/**
 * Calls one documented operation. `template` is the document's path; params fill it. The body is
 * the document's example merged with `body` (real ids), unless `raw` is given.
 */
async function call(
  method: string,
  template: string,
  options: { params?: Record<string, string>; query?: string; body?: Record<string, unknown>; token?: string; headers?: Record<string, string>; raw?: string; exampleBody?: boolean } = {},
) {
  const operation = doc.paths[template]?.[method.toLowerCase()];
  expect(operation, `${method} ${template} is in the document`).toBeDefined();
  const example = operation!.requestBody?.content["application/json"].example;
  const wantsBody = options.raw !== undefined || options.body !== undefined || (example !== undefined && options.exampleBody !== false);
  const body = options.raw ?? (wantsBody ? JSON.stringify({ ...example, ...options.body }) : undefined);
  const url = template.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(options.params?.[name] ?? "missing")) + (options.query ?? "");
  const response = await fetch(`${own.base}${url}`, {
    method,
    headers: {
      ...(body === undefined ? {} : { "Content-Type": "application/json" }),
      ...(options.token ? { Authorization: `Bearer ${options.token}` } : {}),
      ...options.headers,
    },
    body,
  });
  const text = await response.text();
  const answer = operation!.responses[String(response.status)];
  expect(answer, `${method} ${url} answered ${response.status}, which the document does not list: ${text}`).toBeDefined();
  if (answer!.content) {
    const validate = ajv.compile({ $ref: `openapi.json#/${pointer("paths", template, method.toLowerCase(), "responses", String(response.status), "content", "application/json", "schema")}` });
    const parsed = JSON.parse(text) as unknown;
    expect(validate(parsed), `${method} ${url} ${response.status}: ${ajv.errorsText(validate.errors)}\n${text}`).toBe(true);
  } else {
    expect(text, `${method} ${url} ${response.status} has no body in the document`).toBe("");
  }
  const statuses = seen.get(operation!.operationId) ?? new Set<number>();
  statuses.add(response.status);
  seen.set(operation!.operationId, statuses);
  return { status: response.status, body: (text ? JSON.parse(text) : null) as Record<string, any> };
}

async function login(email: string) {
  const { status, body } = await call("POST", "/api/v1/sessions", { body: { email, password: DEMO_PASSWORD } });
  expect(status).toBe(201);
  return body.token as string;
}

const one = async (query: string, values: unknown[] = []) => (await sql.query(query, values)).rows[0] as Record<string, any> | undefined;

describe("the OpenAPI document", () => {
  it("is a valid OpenAPI 3.1 document with the bearer, session and partner signature schemes", async () => {
    const result = await new Validator().validate(doc as Record<string, unknown>);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(JSON.stringify(doc)).toContain("HMAC-SHA256");
    const schemes = (doc as unknown as { components: { securitySchemes: Record<string, unknown> } }).components.securitySchemes;
    expect(Object.keys(schemes).sort()).toEqual(["bearer", "partnerKey", "partnerSignature", "session"]);
  });

  it("serves /api/ from the declared endpoints only: no page route under it, and an undeclared path is a JSON 404", async () => {
    // The dispatcher (app/api/dispatch.server.ts) serves the same list the document is made from;
    // a Remix route under /api/ would never be reached, or would be a second way in.
    const routes = await routeManifest();
    const byId = Object.fromEntries(routes.map((route) => [route.id, route]));
    expect(routes.map((route) => fullPath(route, byId)).filter((path) => /^\/api(\/|$)/.test(path))).toEqual([]);
    for (const [method, path] of [["GET", "/api/v1/nothing-here"], ["POST", "/api/v2/redemptions"], ["GET", "/api"]] as const) {
      const response = await fetch(`${own.base}${path}`, { method, headers: { "Content-Type": "application/json" }, body: method === "POST" ? "{}" : undefined });
      expect(response.status, `${method} ${path}`).toBe(404);
      expect(await response.json()).toMatchObject({ error: { code: "not_found" } });
    }
    const wrongMethod = await fetch(`${own.base}/api/v1/redemptions`, { method: "DELETE" });
    expect(wrongMethod.status).toBe(405);
  });
});

describe("every endpoint answers as its document says", () => {
  it("accounts, sessions and the profile", async () => {
    // A new address and one with an account get the same answer: the link goes by mail.
    const first = await call("POST", "/api/v1/users");
    const again = await call("POST", "/api/v1/users");
    expect([first.status, again.status]).toEqual([202, 202]);
    expect(again.body).toEqual(first.body);
    const link = await signupTokenFor("new.reader@example.com", own.databaseUrl);
    expect((await call("POST", "/api/v1/users/confirmations", { body: { token: link } })).status).toBe(201);
    expect((await call("POST", "/api/v1/users/confirmations", { body: { token: link } })).status).toBe(404);
    expect((await call("POST", "/api/v1/users", { body: { email: "not an email" } })).status).toBe(422);
    expect((await call("POST", "/api/v1/users", { raw: "{not json" })).status).toBe(400);
    expect((await call("POST", "/api/v1/sessions", { body: { password: "wrong password" } })).status).toBe(401);
    const token = await login(DEMO_USERS.consumer.email);
    const me = await call("GET", "/api/v1/me", { token });
    expect(me.body.email).toBe(DEMO_USERS.consumer.email);
    expect((await call("GET", "/api/v1/me")).status).toBe(401);
    expect((await call("DELETE", "/api/v1/sessions", { token })).status).toBe(204);
    expect((await call("GET", "/api/v1/me", { token })).status).toBe(401);
  });

  it("sessions: where you are signed in, signing one out or all others, changing the password", async () => {
    const email = `sessions-${randomUUID().slice(0, 8)}@example.com`;
    const password = "a pass phrase for sessions";
    expect((await call("POST", "/api/v1/users", { body: { email, password, displayName: "Sessions" } })).status).toBe(202);
    expect((await call("POST", "/api/v1/users/confirmations", { body: { token: await signupTokenFor(email, own.databaseUrl) } })).status).toBe(201);
    const signIn = async (pass = password) => (await call("POST", "/api/v1/sessions", { body: { email, password: pass } })).body.token as string;
    const [here, phone] = [await signIn(), await signIn()];
    const listed = (await call("GET", "/api/v1/me/sessions", { token: here })).body as { id: string; current: boolean }[];
    expect(listed).toHaveLength(2);
    expect(listed.filter((session) => session.current)).toHaveLength(1);
    // Each shows the address it signed in from (the request's own, carried with it to the handler).
    expect(listed.map((session) => (session as unknown as { ip: string }).ip)).toEqual(["127.0.0.1", "127.0.0.1"]);
    const other = listed.find((session) => !session.current)!;
    expect((await call("DELETE", "/api/v1/me/sessions/{id}", { token: here, params: { id: other.id } })).status).toBe(204);
    expect((await call("GET", "/api/v1/me", { token: phone })).status).toBe(401);
    expect((await call("DELETE", "/api/v1/me/sessions/{id}", { token: here, params: { id: other.id } })).status).toBe(404);
    // Somebody else's session cannot be ended by its id.
    const stranger = await login(DEMO_USERS.checker.email);
    expect((await call("DELETE", "/api/v1/me/sessions/{id}", { token: stranger, params: { id: listed.find((s) => s.current)!.id } })).status).toBe(404);

    const laptop = await signIn();
    expect((await call("POST", "/api/v1/me/sessions/end-others", { token: here })).body).toEqual({ ended: 1 });
    expect((await call("GET", "/api/v1/me", { token: laptop })).status).toBe(401);

    const tablet = await signIn();
    expect((await call("POST", "/api/v1/me/password", { token: here, body: { current: "not it", next: "a new and longer pass phrase" } })).status).toBe(403);
    const weak = await call("POST", "/api/v1/me/password", { token: here, body: { current: password, next: "password" } });
    expect(weak.status).toBe(422);
    expect((await call("POST", "/api/v1/me/password", { token: here, body: { current: password, next: "a new and longer pass phrase" } })).body).toEqual({ signedOut: 1 });
    expect((await call("GET", "/api/v1/me", { token: tablet })).status).toBe(401);
    expect((await call("GET", "/api/v1/me", { token: here })).status).toBe(200);
    expect((await call("POST", "/api/v1/sessions", { body: { email, password } })).status).toBe(401);
    expect(await signIn("a new and longer pass phrase")).toBeTruthy();
  });

  it("the energy game: forest, ledger, feed, collecting, items, a friend's forest, watering", async () => {
    const token = await login(DEMO_USERS.consumer.email);
    const friend = await one(`SELECT id FROM "User" WHERE email = $1`, [DEMO_USERS.guardian.email]);
    const operator = await one(`SELECT id FROM "User" WHERE email = $1`, [DEMO_USERS.operator.email]);
    const forest = await call("GET", "/api/v1/me/forest", { token });
    const ripe = (forest.body.balls as { id: string; state: string }[]).find((ball) => ball.state === "RIPE")!;
    expect((await call("POST", "/api/v1/balls/{ballId}/collect", { token, params: { ballId: ripe.id } })).status).toBe(200);
    expect((await call("POST", "/api/v1/balls/{ballId}/collect", { token, params: { ballId: ripe.id } })).status).toBe(409);
    expect((await call("POST", "/api/v1/balls/{ballId}/collect", { token, params: { ballId: "no-such-ball" } })).status).toBe(404);

    const page = await call("GET", "/api/v1/me/energy-ledger", { token });
    expect(page.body.entries.length).toBeGreaterThan(0);
    expect((await call("GET", "/api/v1/me/energy-ledger", { token, query: "?limit=0" })).status).toBe(422);
    expect((await call("GET", "/api/v1/me/feed", { token })).body.activity.length).toBeGreaterThan(0);

    expect((await call("POST", "/api/v1/me/items/cover", { token })).status).toBe(200);
    expect((await call("POST", "/api/v1/me/items/double-card", { token })).status).toBe(200);
    expect((await call("POST", "/api/v1/me/items/cover", { token })).status).toBe(409);

    const theirs = await call("GET", "/api/v1/friends/{userId}/forest", { token, params: { userId: friend!.id } });
    expect(theirs.body.friend.id).toBe(friend!.id);
    const theirRipe = (theirs.body.balls as { id: string; state: string }[]).find((ball) => ball.state === "RIPE");
    if (theirRipe) expect((await call("POST", "/api/v1/balls/{ballId}/collect", { token, params: { ballId: theirRipe.id } })).body.stolen).toBe(true);
    expect((await call("GET", "/api/v1/friends/{userId}/forest", { token, params: { userId: operator!.id } })).status).toBe(403);
    expect((await call("GET", "/api/v1/friends/{userId}/forest", { token, params: { userId: "nobody" } })).status).toBe(404);
    expect((await call("POST", "/api/v1/friends/{userId}/water", { token, params: { userId: friend!.id } })).status).toBe(200);
    expect((await call("POST", "/api/v1/friends/{userId}/water", { token, params: { userId: friend!.id }, body: { grams: 11 } })).status).toBe(422);
    expect((await call("POST", "/api/v1/friends/{userId}/water", { token, params: { userId: operator!.id } })).status).toBe(403);
  });

  it("notifications: a page of them in English, marking read, choosing what to hear of", async () => {
    const token = await login(DEMO_USERS.guardian.email);
    const guardian = (await one(`SELECT id FROM "User" WHERE email = $1`, [DEMO_USERS.guardian.email]))!.id as string;
    // As the notify job writes it (the job itself is tested in tests/integration/notifications.test.ts).
    const made = await one(
      `INSERT INTO "Notification" (id, "userId", kind, key, params) VALUES (gen_random_uuid()::text, $1, 'watered', $2, '{"actor":"Li","grams":33,"href":"/forest"}') RETURNING id`,
      [guardian, `contract-${randomUUID()}`],
    );
    const page = await call("GET", "/api/v1/me/notifications", { token });
    expect(page.body.notifications[0]).toMatchObject({ id: made!.id, kind: "watered", text: "Li watered you 33 g", read: false });
    expect((await call("GET", "/api/v1/me/notifications", { token, query: "?page=0" })).status).toBe(422);
    expect((await call("POST", "/api/v1/me/notifications/read", { token, body: { ids: [made!.id] } })).body).toEqual({ marked: 1 });
    expect((await call("POST", "/api/v1/me/notifications/read", { token, body: {} })).body).toMatchObject({ marked: expect.any(Number) });
    expect((await call("GET", "/api/v1/me/notifications", { token })).body.notifications[0].read).toBe(true);

    const choices = (await call("GET", "/api/v1/me/notification-choices", { token })).body as { kind: string; channel: string }[];
    expect(choices.map((c) => c.kind)).not.toContain("payout_waiting");
    expect(choices.find((c) => c.kind === "energy_taken")!.channel).toBe("IN_APP");
    const saved = await call("POST", "/api/v1/me/notification-choices", { token, body: { energy_taken: "OFF", gift_received: "IN_APP" } });
    expect(saved.body).toEqual(expect.arrayContaining([{ kind: "energy_taken", channel: "OFF" }, { kind: "gift_received", channel: "IN_APP" }]));
    expect((await call("POST", "/api/v1/me/notification-choices", { token, body: { energy_taken: "LOUD" } })).status).toBe(422);
  });

  it("friends: asking, accepting, declining, removing", async () => {
    const consumer = await login(DEMO_USERS.consumer.email);
    const operator = await login(DEMO_USERS.operator.email);
    const operatorId = (await one(`SELECT id FROM "User" WHERE email = $1`, [DEMO_USERS.operator.email]))!.id as string;
    expect((await call("POST", "/api/v1/friend-requests", { token: consumer, body: { email: DEMO_USERS.operator.email } })).status).toBe(201);
    expect((await call("POST", "/api/v1/friend-requests", { token: consumer, body: { email: DEMO_USERS.operator.email } })).status).toBe(409);
    // An address nobody has is answered as one somebody has: no account enumeration.
    const unknown = await call("POST", "/api/v1/friend-requests", { token: consumer, body: { email: "nobody@example.com" } });
    expect(unknown.status).toBe(201);
    expect(Object.keys(unknown.body).sort()).toEqual(["id", "status"]);
    expect((await call("POST", "/api/v1/friend-requests", { token: consumer, body: { email: "nobody@example.com" } })).status).toBe(409);
    expect((await call("POST", "/api/v1/friend-requests", { token: consumer, raw: JSON.stringify({ inviteCode: "no-such-code" }) })).status).toBe(404);
    const incoming = (await call("GET", "/api/v1/friends", { token: operator })).body.requests.incoming as { id: string }[];
    expect(incoming).toHaveLength(1);
    expect((await call("POST", "/api/v1/friend-requests/{id}/accept", { token: operator, params: { id: incoming[0]!.id } })).body.status).toBe("ACCEPTED");
    expect((await call("POST", "/api/v1/friend-requests/{id}/decline", { token: operator, params: { id: incoming[0]!.id } })).status).toBe(404);
    expect((await call("DELETE", "/api/v1/friends/{userId}", { token: consumer, params: { userId: operatorId } })).status).toBe(204);
    expect((await call("DELETE", "/api/v1/friends/{userId}", { token: consumer, params: { userId: operatorId } })).status).toBe(404);

    await call("POST", "/api/v1/friend-requests", { token: operator, body: { email: DEMO_USERS.consumer.email } });
    const asked = (await call("GET", "/api/v1/friends", { token: consumer })).body.requests.incoming as { id: string }[];
    expect((await call("POST", "/api/v1/friend-requests/{id}/decline", { token: consumer, params: { id: asked[0]!.id } })).body.status).toBe("DECLINED");
  });

  it("projects, redemptions and certificates", async () => {
    const token = await login(DEMO_USERS.consumer.email);
    const anonymous = await call("GET", "/api/v1/projects");
    expect(anonymous.body[0]).not.toHaveProperty("energyLack");
    const projects = (await call("GET", "/api/v1/projects", { token })).body as unknown as { id: string; state: string }[];
    const open = projects.find((project) => project.state === "AVAILABLE")!;
    const key = `contract-${randomUUID()}`;
    const created = await call("POST", "/api/v1/redemptions", { token, body: { projectId: open.id, idempotencyKey: key } });
    expect(created.status).toBe(202);
    expect((await call("GET", "/api/v1/redemptions/{id}", { token, params: { id: created.body.id } })).body.status).toBe("PENDING");
    expect((await call("POST", "/api/v1/redemptions", { token, body: { projectId: open.id, idempotencyKey: key, quantity: 2 } })).status).toBe(409);
    expect((await call("POST", "/api/v1/redemptions", { token, body: { projectId: "no-such-project", idempotencyKey: `contract-${randomUUID()}` } })).status).toBe(404);
    expect((await call("POST", "/api/v1/redemptions", { token, body: { projectId: open.id, idempotencyKey: `contract-${randomUUID()}`, quantity: 1000 } })).status).toBe(422);
    expect((await call("GET", "/api/v1/redemptions/{id}", { token, params: { id: "no-such-redemption" } })).status).toBe(404);

    // A settled one (the demo guardian's land) carries its plots and certificate; it is not the consumer's.
    const settled = await one(`SELECT r.id, r."certificateNumber" FROM "Redemption" r JOIN "User" u ON u.id = r."userId" WHERE u.email = $1 AND r.status = 'SETTLED' AND r."certificateNumber" IS NOT NULL LIMIT 1`, [
      DEMO_USERS.guardian.email,
    ]);
    expect(settled).toBeDefined();
    const guardian = await login(DEMO_USERS.guardian.email);
    expect((await call("GET", "/api/v1/redemptions/{id}", { token: guardian, params: { id: settled!.id } })).body.plots.length).toBeGreaterThan(0);
    expect((await call("GET", "/api/v1/redemptions/{id}", { token, params: { id: settled!.id } })).status).toBe(404);
    expect((await call("GET", "/api/v1/certificates/{number}", { params: { number: settled!.certificateNumber } })).body.number).toBe(settled!.certificateNumber);
    expect((await call("GET", "/api/v1/certificates/{number}", { params: { number: "SAP-NONE" } })).status).toBe(404);
  });

  it("co-planting teams", async () => {
    const creator = await login(DEMO_USERS.consumer.email);
    const friend = await login(DEMO_USERS.guardian.email);
    const project = await one(`SELECT id FROM "Project" WHERE slug = 'sea-buckthorn-inner-mongolia'`);
    const started = await call("POST", "/api/v1/teams", { token: creator, body: { projectId: project!.id } });
    expect(started.status).toBe(201);
    const params = { id: started.body.id as string };
    expect((await call("GET", "/api/v1/teams", { token: creator })).body).toEqual(expect.arrayContaining([expect.objectContaining(params)]));
    expect((await call("POST", "/api/v1/teams/{id}/contributions", { token: creator, params })).status).toBe(201);
    expect((await call("POST", "/api/v1/teams/{id}/leave", { token: friend, params })).status).toBe(403);
    // Only members, and people holding the team's link, see it or join it.
    const invite = (await call("GET", "/api/v1/teams/{id}", { token: creator, params })).body.inviteToken as string;
    expect(invite).toMatch(/^[2-9A-Z]{12}$/);
    expect((await call("GET", "/api/v1/teams/{id}", { token: friend, params })).status).toBe(404);
    expect((await call("POST", "/api/v1/teams/{id}/join", { token: friend, params, body: { invite: "NOTTHEINVITE" } })).status).toBe(404);
    const asInvited = await call("GET", "/api/v1/teams/{id}", { token: friend, params, query: `?invite=${invite}` });
    expect(asInvited.body.inviteToken).toBeNull();
    expect((await call("POST", "/api/v1/teams/{id}/join", { token: friend, params, body: { invite } })).status).toBe(200);
    expect((await call("POST", "/api/v1/teams/{id}/join", { token: friend, params, body: { invite } })).status).toBe(409);
    expect((await call("GET", "/api/v1/teams/{id}", { token: friend, params })).body.members).toHaveLength(2);
    expect((await call("POST", "/api/v1/teams/{id}/leave", { token: friend, params })).status).toBe(200);
    expect((await call("POST", "/api/v1/teams/{id}/leave", { token: creator, params })).body.refunded).toBe(100);
    expect((await call("POST", "/api/v1/teams/{id}/contributions", { token: creator, params })).status).toBe(409);
    expect((await call("GET", "/api/v1/teams/{id}", { token: creator, params: { id: "no-such-team" } })).status).toBe(404);
    expect((await call("POST", "/api/v1/teams/{id}/join", { token: creator, params: { id: "no-such-team" } })).status).toBe(404);
  });

  it("operators adjust energy once per key; consumers may not", async () => {
    const operator = await login(DEMO_USERS.operator.email);
    const consumer = await login(DEMO_USERS.consumer.email);
    const userId = (await one(`SELECT id FROM "User" WHERE email = $1`, [DEMO_USERS.consumer.email]))!.id as string;
    const body = { userId, idempotencyKey: `contract-${randomUUID()}` };
    // A decision on energy needs a code from the operator's authenticator; one covers the session's next ten minutes.
    const required = await call("POST", "/api/v1/ops/energy-adjustments", { token: operator, body });
    expect([required.status, required.body.error.code]).toEqual([403, "totp_required"]);
    expect((await call("POST", "/api/v1/ops/energy-adjustments", { token: operator, body: { ...body, totp: "000000" } })).body.error.code).toBe("totp_invalid");
    const code = await unusedCode(DEMO_USERS.operator.email, { databaseUrl: own.databaseUrl });
    expect((await call("POST", "/api/v1/ops/energy-adjustments", { token: operator, body: { ...body, totp: code } })).status).toBe(201);
    // Good once: the same code from another session is refused.
    const elsewhere = await login(DEMO_USERS.operator.email);
    expect((await call("POST", "/api/v1/ops/energy-adjustments", { token: elsewhere, body: { ...body, totp: code } })).body.error.code).toBe("totp_invalid");
    expect((await call("POST", "/api/v1/ops/energy-adjustments", { token: operator, body })).body.applied).toBe(false);
    expect((await call("POST", "/api/v1/ops/energy-adjustments", { token: consumer, body: { ...body, idempotencyKey: `contract-${randomUUID()}` } })).status).toBe(403);
    expect((await call("POST", "/api/v1/ops/energy-adjustments", { token: operator, body: { ...body, grams: 0 } })).status).toBe(422);
  });

  it("partners report actions signed with their secret", async () => {
    const doc = { id: `contract-${randomUUID()}`, user: DEMO_USERS.consumer.email, type: "metro_ride", occurredAt: new Date().toISOString() };
    const raw = JSON.stringify(doc);
    const signed = { "Sapling-Partner": DEMO_PARTNER.keyId, "Sapling-Signature": signatureHeader(DEMO_PARTNER.secret, raw) };
    const accepted = await call("POST", "/api/v1/partner/actions", { raw, headers: signed });
    expect(accepted.status).toBe(201);
    expect(accepted.body.ballId).toEqual(expect.any(String));
    expect((await call("POST", "/api/v1/partner/actions", { raw, headers: { ...signed, "Sapling-Signature": "t=1,v1=00" } })).status).toBe(401);
    const unknownUser = JSON.stringify({ ...doc, id: `contract-${randomUUID()}`, user: "nobody@example.com" });
    expect((await call("POST", "/api/v1/partner/actions", { raw: unknownUser, headers: { ...signed, "Sapling-Signature": signatureHeader(DEMO_PARTNER.secret, unknownUser) } })).status).toBe(404);

    // More steps than anyone walks: the ball waits for an operator, who releases it.
    const walked = JSON.stringify({ ...doc, id: `contract-${randomUUID()}`, type: "walking", steps: 900_000 });
    const held = await call("POST", "/api/v1/partner/actions", { raw: walked, headers: { ...signed, "Sapling-Signature": signatureHeader(DEMO_PARTNER.secret, walked) } });
    expect(held.body).toMatchObject({ heldForReview: "steps_implausible" });
    const operator = await login(DEMO_USERS.operator.email);
    expect((await call("POST", "/api/v1/ops/energy-reviews", { token: operator, body: { ballIds: [held.body.ballId], decision: "release" } })).body).toEqual({ decided: 1, decision: "release" });
    expect((await call("POST", "/api/v1/ops/energy-reviews", { token: operator, body: { ballIds: [held.body.ballId], decision: "reject" } })).status).toBe(409);
  });

  it("every operation in the document has answered with success at least once", () => {
    const operations = Object.values(doc.paths).flatMap((methods) => Object.values(methods).map((operation) => operation.operationId));
    const neverOk = operations.filter((id) => ![...(seen.get(id) ?? [])].some((status) => status >= 200 && status < 300));
    expect(neverOk).toEqual([]);
  });
});
