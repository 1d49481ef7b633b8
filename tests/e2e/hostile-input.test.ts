import { readFile } from "node:fs/promises";
import path from "node:path";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { fullPath, routeManifest, type Route } from "../support/route-manifest";
import { useOwnWebServer } from "../support/own-web";

// Every route of the route manifest (pages, actions, API, CSV and PNG routes), walked as a visitor,
// a consumer and an operator with a corpus of malformed input: unknown and hostile ids in the path,
// out-of-range and broken query values, bodies of the wrong type, broken encodings, NUL bytes,
// numbers out of range, ids that do not exist. Whatever comes in, the answer is ours and 4xx (or a
// page), never a 5xx. A web server and seeded database of this file's own: operator forms are
// posted with real ids, which must not change the demo data the other files rely on.

const root = path.resolve(__dirname, "../..");
// Its own queue and rate-limit keys too (QUEUE_PREFIX names both): the sign-in failures it
// provokes by the thousand would otherwise lock the shared server's demo accounts out.
const own = useOwnWebServer("hostile", { QUEUE_PREFIX: "hostile" });

/** What a route's source says it reads: intents and field names of its forms, query keys. */
async function whatItReads(route: Route) {
  const source = await readFile(path.join(root, "app", route.file), "utf8");
  const all = (pattern: RegExp) => [...new Set([...source.matchAll(pattern)].map((m) => m[1]!))];
  return {
    intents: [
      ...all(/intent === "([\w-]+)"/g),
      ...all(/name="intent" value="([\w-]+)"/g),
      // The intents of a pageAction: `take: intent(...)`, `"collect-all": intent(...)`.
      ...all(/"?([\w-]+)"?: intent\(/g),
      ...all(/z\.literal\("([\w-]+)"\)/g),
    ].filter((value, i, list) => list.indexOf(value) === i),
    fields: [...all(/(?:name=|\.get\(|\.getAll\()"([\w.[\]-]+)"/g), ...all(/fields\.(\w+)/g)],
    readsQuery: /searchParams/.test(source),
    hasAction: /export (async )?function action|export const \{[^}]*action|export const action\b/.test(source),
  };
}

// A few ids of each kind that exist in the seeded database, by the route parameter that takes them.
async function realIds(url: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const one = async (sql: string) => ((await client.query(sql)).rows[0]?.v as string | undefined) ?? "missing";
  const ids = {
    slug: await one(`SELECT slug AS v FROM "Project" ORDER BY "createdAt" LIMIT 1`),
    productSlug: await one(`SELECT slug AS v FROM "Product" LIMIT 1`),
    number: await one(`SELECT "certificateNumber" AS v FROM "Redemption" WHERE "certificateNumber" IS NOT NULL LIMIT 1`),
    code: await one(`SELECT code AS v FROM "Plot" LIMIT 1`),
    userId: await one(`SELECT id AS v FROM "User" WHERE email = 'guardian@sapling.demo'`),
    projectId: await one(`SELECT id AS v FROM "Project" LIMIT 1`),
    productId: await one(`SELECT id AS v FROM "Product" LIMIT 1`),
    householdId: await one(`SELECT id AS v FROM "Household" LIMIT 1`),
    partnerId: await one(`SELECT id AS v FROM "Partner" LIMIT 1`),
    payoutId: await one(`SELECT id AS v FROM "PayoutBatch" LIMIT 1`),
    runId: await one(`SELECT id AS v FROM "ReconciliationRun" LIMIT 1`),
    orderId: await one(`SELECT id AS v FROM "Order" LIMIT 1`),
    teamId: await one(`SELECT id AS v FROM "Team" LIMIT 1`),
    photoId: await one(`SELECT id AS v FROM "Photo" LIMIT 1`),
    redemptionId: await one(`SELECT id AS v FROM "Redemption" LIMIT 1`),
    ballId: await one(`SELECT id AS v FROM "EnergyBall" LIMIT 1`),
    requestId: await one(`SELECT id AS v FROM "FriendRequest" LIMIT 1`),
  };
  await client.end();
  return ids;
}

function realValue(routePath: string, param: string, ids: Awaited<ReturnType<typeof realIds>>): string {
  if (param === "id") {
    const byPrefix: [string, string][] = [
      ["/ops/payouts", ids.payoutId], ["/ops/households", ids.householdId], ["/ops/partners", ids.partnerId], ["/ops/products", ids.productId],
      ["/ops/projects", ids.projectId], ["/ops/reconciliation", ids.runId], ["/orders", ids.orderId], ["/teams", ids.teamId],
      ["/api/v1/teams", ids.teamId], ["/photos", ids.photoId], ["/redemptions", ids.redemptionId], ["/api/v1/redemptions", ids.redemptionId],
      ["/api/v1/friend-requests", ids.requestId], ["/sandbox/checkout", ids.orderId],
    ];
    return byPrefix.find(([prefix]) => routePath.startsWith(prefix))?.[1] ?? "missing";
  }
  if (param === "slug") return routePath.startsWith("/shop") ? ids.productSlug : ids.slug;
  const named: Record<string, string> = {
    number: ids.number, code: ids.code, userId: ids.userId, ballId: ids.ballId, county: "pingwu",
    item: "cover", answer: "accept", command: "join", "*": "api/queues",
  };
  return named[param] ?? "x";
}

// Values that reach a route through its path, its query and its fields.
const HOSTILE = [
  "does-not-exist",
  "a\u0000b",
  "中文标识",
  "99999999999999999999999",
  "-1",
  "1e309",
  "' OR 1=1 --",
  "x".repeat(3000),
  "",
];
// Path segments as sent on the wire: percent-encoded, including broken encodings.
const HOSTILE_SEGMENTS = ["does-not-exist", "a%00b", "%E4%B8%AD%E6%96%87", "99999999999999999999999", "%ff%fe", "..%2F..%2Fetc", "%zz", "x".repeat(2000)];
const QUERY_KEYS = ["cursor", "page", "period", "project", "before", "after", "created", "redirectTo", "session_id", "lng", "q"];

function hostileQueries(): string[] {
  return [
    "",
    `?${QUERY_KEYS.map((key) => `${key}=99999999999999999999`).join("&")}`,
    `?${QUERY_KEYS.map((key) => `${key}=%00`).join("&")}`,
    `?${QUERY_KEYS.map((key) => `${key}=%ff%fe`).join("&")}`,
    `?${QUERY_KEYS.map((key) => `${key}=-1`).join("&")}`,
    `?${QUERY_KEYS.map((key) => `${key}=%zz`).join("&")}`,
    `?${QUERY_KEYS.map((key) => `${key}=${encodeURIComponent("2026-02-30")}`).join("&")}`,
    `?cursor=${encodeURIComponent("eyJpZCI6IngifQ")}&redirectTo=${encodeURIComponent("//evil.example")}`,
  ];
}

/** A value that passes a field's likely checks (a number, a date, an email), with ids that do not exist. */
function plausible(name: string): string {
  if (/quantity|grams|amount|count|minimum|capacity|stock|price|cost|bp$/i.test(name)) return "1";
  if (/lat/i.test(name)) return "32.5";
  if (/lon/i.test(name)) return "104.3";
  if (/date|from|^to$|At$/.test(name)) return "2026-01-01";
  if (/email/i.test(name)) return "nobody@sapling.test";
  if (/key/i.test(name)) return "fuzz-key-0001";
  return "does-not-exist";
}

type Body = { name: string; contentType?: string; body: string };

function bodies(intent: string | undefined, fields: string[]): Body[] {
  const names = [...new Set(["id", "projectId", "quantity", ...fields])].filter((name) => name !== "intent");
  const withIntent = (values: [string, string][]) => (intent === undefined ? values : [["intent", intent] as [string, string], ...values]);
  const urlencoded = (value: string) => new URLSearchParams(withIntent(names.map((name) => [name, value]))).toString();
  const boundary = "----sapling-fuzz";
  const multipart = (value: string) =>
    withIntent(names.map((name) => [name, value]))
      .map(([name, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${v}\r\n`)
      .join("") +
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${"中".repeat(3)}.csv"\r\nContent-Type: text/csv\r\n\r\na,b\r\n\u0000,2\r\n--${boundary}--\r\n`;
  return [
    ...HOSTILE.map((value, i) => ({ name: `form #${i}`, contentType: "application/x-www-form-urlencoded", body: urlencoded(value) })),
    // Each field plausible for its name, so the ids reach the code behind the checks.
    {
      name: "form, unknown ids with sane numbers",
      contentType: "application/x-www-form-urlencoded",
      body: new URLSearchParams(withIntent(names.map((name) => [name, plausible(name)]))).toString(),
    },
    { name: "form, broken percent-encoding", contentType: "application/x-www-form-urlencoded", body: `intent=${intent ?? ""}&%zz=%%%&quantity=%E4` },
    { name: "multipart, NUL", contentType: `multipart/form-data; boundary=${boundary}`, body: multipart("a\u0000b") },
    { name: "multipart, unknown id", contentType: `multipart/form-data; boundary=${boundary}`, body: multipart("does-not-exist") },
    { name: "multipart, broken", contentType: `multipart/form-data; boundary=${boundary}`, body: `--${boundary}\r\nContent-Disposition: form-data; name="intent"\r\n\r\nunterminated` },
    { name: "multipart, no boundary", contentType: "multipart/form-data", body: "intent=x" },
    { name: "json to a form", contentType: "application/json", body: JSON.stringify(Object.fromEntries(withIntent(names.map((name) => [name, "x"])))) },
    { name: "json, hostile", contentType: "application/json", body: JSON.stringify(Object.fromEntries(names.map((name, i) => [name, [null, -1, 1e308, "a\u0000b", {}, [], true, "99999999999999999999999"][i % 8]]))) },
    { name: "json, broken", contentType: "application/json", body: '{"intent": "x", ' },
    { name: "text/plain", contentType: "text/plain", body: "intent=x" },
    { name: "no content type", body: "intent=x&id=1" },
  ];
}

type Caller = { role: string; headers: Record<string, string> };

async function signIn(email: string): Promise<Caller> {
  const login = await fetch(`${own.base}/login`, {
    method: "POST",
    body: new URLSearchParams({ email, password: "sapling-demo" }),
    redirect: "manual",
  });
  const cookie = login.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
  if (!cookie) throw new Error(`could not sign in as ${email}: ${login.status}`);
  const session = await fetch(`${own.base}/api/v1/sessions`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ email, password: "sapling-demo" }),
  });
  const { token } = (await session.json()) as { token: string };
  return { role: email.split("@")[0]!, headers: { Cookie: cookie, Authorization: `Bearer ${token}` } };
}

type Attempt = { method: string; url: string; caller: Caller; body?: Body; label: string };

/** Sends every attempt, a few at a time; returns those answered with a 5xx (or not answered at all). */
async function send(attempts: Attempt[]): Promise<string[]> {
  const failures: string[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: 6 }, async () => {
      while (next < attempts.length) {
        const attempt = attempts[next++]!;
        try {
          const response = await fetch(`${own.base}${attempt.url}`, {
            method: attempt.method,
            headers: { ...attempt.caller.headers, Origin: own.base, ...(attempt.body?.contentType ? { "Content-Type": attempt.body.contentType } : {}) },
            body: attempt.body?.body,
            redirect: "manual",
          });
          await response.arrayBuffer();
          // 503 is the outage answer; nothing here takes the database down.
          if (response.status >= 500) failures.push(`${response.status} ${attempt.method} ${attempt.url.slice(0, 120)} [${attempt.label}] as ${attempt.caller.role}`);
        } catch (error) {
          failures.push(`no answer ${attempt.method} ${attempt.url.slice(0, 120)} [${attempt.label}] as ${attempt.caller.role}: ${String(error)}`);
        }
      }
    }),
  );
  return failures;
}

describe("hostile input", () => {
  it("answers every route of the manifest, with any malformed input and as any role, without a 5xx", { timeout: 600_000 }, async () => {
    const manifest = await routeManifest();
    const byId = Object.fromEntries(manifest.map((route) => [route.id, route]));
    const ids = await realIds(own.databaseUrl);
    const callers: Caller[] = [
      { role: "visitor", headers: {} },
      await signIn("consumer@sapling.demo"),
      await signIn("operator@sapling.demo"),
    ];

    const attempts: Attempt[] = [];
    for (const route of manifest) {
      if (route.id === "root") continue;
      const template = fullPath(route, byId);
      const params = [...template.matchAll(/:(\w+)|\*/g)].map((m) => m[1] ?? "*");
      const real = template.replace(/:(\w+)|\*/g, (_, name: string | undefined) => encodeURIComponent(realValue(template, name ?? "*", ids)).replace(/%2F/g, "/"));
      // The real ids, then each parameter in turn replaced by each hostile segment.
      const urls = [real];
      for (const param of params) {
        for (const segment of HOSTILE_SEGMENTS) {
          urls.push(template.replace(/:(\w+)|\*/g, (_, name: string | undefined) => ((name ?? "*") === param ? segment : encodeURIComponent(realValue(template, name ?? "*", ids)))));
        }
      }
      const index = route.index ? "?index" : "";
      const reads = await whatItReads(route);
      for (const caller of callers) {
        const forThisRole = template.startsWith("/ops") ? caller.role === "operator" : caller.role === "consumer";
        // Hostile paths as a visitor and as the role the route is for.
        for (const url of forThisRole || caller.role === "visitor" ? urls : urls.slice(0, 1)) attempts.push({ method: "GET", url, caller, label: "path" });
        // A route that reads no query gets a few, to show an unread one changes nothing.
        hostileQueries().filter((_, i) => reads.readsQuery || i < 3).forEach((query, i) => {
          attempts.push({ method: "GET", url: `${real}${query}`, caller, label: "query" });
          // Remix's data requests (client navigations) reach the same loaders another way.
          if (i % 3 === 0) attempts.push({ method: "GET", url: `${real === "/" ? "/_root" : real}.data${query}`, caller, label: "data query" });
        });
        if (!reads.hasAction && !template.startsWith("/api/")) continue;
        // Someone who may not use the route is turned away before the body is read: a few bodies
        // show it; the whole corpus goes to the role the route is for.
        if (!forThisRole) {
          for (const body of bodies(reads.intents[0], reads.fields).filter((_, i) => i % 5 === 0)) attempts.push({ method: "POST", url: `${real}${index}`, caller, body, label: `not theirs / ${body.name}` });
          continue;
        }
        const intents: (string | undefined)[] = [undefined, "no-such-intent", ...reads.intents];
        for (const intent of intents) {
          for (const body of bodies(intent, reads.fields)) {
            attempts.push({ method: "POST", url: `${real}${index}`, caller, body, label: `${intent ?? "-"} / ${body.name}` });
          }
        }
        // Single fetch posts go to the .data URL; and other methods an API route may not expect.
        for (const body of bodies(reads.intents[0], reads.fields).slice(0, 4)) attempts.push({ method: "POST", url: `${real}.data${index}`, caller, body, label: `data / ${body.name}` });
        for (const method of ["PUT", "PATCH", "DELETE"]) attempts.push({ method, url: `${real}${index}`, caller, body: bodies(undefined, [])[0], label: method });
        for (const url of urls.slice(1)) attempts.push({ method: "POST", url: `${url}${index}`, caller, body: bodies(reads.intents[0], reads.fields)[0], label: "post, hostile path" });
      }
    }

    const started = Date.now();
    const failures = await send(attempts);
    console.info(`hostile input: ${attempts.length} requests in ${((Date.now() - started) / 1000).toFixed(0)} s, ${failures.length} answered 5xx`);
    // What the server logged about them, to find the cause.
    if (failures.length) console.error(own.output().split("\n").filter((line) => /"level":50/.test(line)).slice(0, 40).join("\n"));
    expect(failures).toEqual([]);
    // And the server is still up and serving after all of it.
    expect((await fetch(`${own.base}/healthz`)).status).toBe(200);
  });
});
