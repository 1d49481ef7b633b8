import pg from "pg";
import { describe, expect, inject, it } from "vitest";
import { newAccount } from "../support/api-client";
import { fullPath, routeManifest } from "../support/route-manifest";

// Built from the route manifest, so a new operator route is covered the day it is added: every
// /ops page, action and API route turns away visitors, consumers and guardians, before it looks
// anything up (an unknown id answers the same as a real one: no way to probe what exists). And
// what belongs to someone (a redemption, a plot, an order) is not found by anyone else.

const base = () => inject("baseUrl");

async function cookieFor(email: string, password: string) {
  const login = await fetch(`${base()}/login`, { method: "POST", body: new URLSearchParams({ email, password }), redirect: "manual" });
  return login.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
}

async function tokenFor(email: string, password: string) {
  const session = await fetch(`${base()}/api/v1/sessions`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ email, password }) });
  return ((await session.json()) as { token: string }).token;
}

type Caller = { role: string; headers: Record<string, string> };

async function callers(): Promise<Caller[]> {
  const consumer = await newAccount("Parity");
  const guardian = { email: "guardian@sapling.demo", password: "sapling-demo" };
  return [
    { role: "visitor", headers: {} },
    { role: "consumer", headers: { Cookie: await cookieFor(consumer.email, consumer.password), Authorization: `Bearer ${consumer.token}` } },
    { role: "guardian", headers: { Cookie: await cookieFor(guardian.email, guardian.password), Authorization: `Bearer ${await tokenFor(guardian.email, guardian.password)}` } },
  ];
}

describe("who may reach what", () => {
  it("turns everyone but operators away from every operator route, whatever the id", { timeout: 300_000 }, async () => {
    const manifest = await routeManifest();
    const byId = Object.fromEntries(manifest.map((route) => [route.id, route]));
    const operatorPaths = manifest
      .map((route) => ({ route, path: fullPath(route, byId) }))
      .filter(({ path }) => path.startsWith("/ops") || path.startsWith("/api/v1/ops"));
    expect(operatorPaths.length).toBeGreaterThan(20);

    const wrong: string[] = [];
    for (const caller of await callers()) {
      for (const { route, path } of operatorPaths) {
        const url = path.replace(/:(\w+)|\*/g, (_, name: string | undefined) => (name ? "no-such-id" : "api/queues")) + (route.index ? "?index" : "");
        const api = url.startsWith("/api/");
        for (const method of ["GET", "POST"]) {
          const response = await fetch(`${base()}${url}`, {
            method,
            headers: { ...caller.headers, ...(method === "POST" ? { "Content-Type": api ? "application/json" : "application/x-www-form-urlencoded" } : {}) },
            body: method === "POST" ? (api ? "{}" : "intent=approve") : undefined,
            redirect: "manual",
          });
          await response.arrayBuffer();
          const location = response.headers.get("location") ?? "";
          // A visitor is sent to log in (pages) or told to (API); anyone signed in is refused.
          const turnedAway =
            caller.role === "visitor"
              ? api
                ? response.status === 401
                : (response.status === 302 && location.startsWith("/login")) || response.status === 401
              : response.status === 403;
          // A method the route does not answer is 405 whoever asks: nothing to reach.
          if (!turnedAway && response.status !== 405) wrong.push(`${caller.role} ${method} ${url}: ${response.status} ${location}`);
        }
      }
    }
    expect(wrong).toEqual([]);
  });

  it("keeps a redemption and its plot to their holder, on the pages and in the API", async () => {
    const client = new pg.Client({ connectionString: inject("serviceEnv").DATABASE_URL });
    await client.connect();
    const { rows } = await client.query<{ id: string; code: string }>(
      `SELECT r.id, p.code FROM "Redemption" r JOIN "User" u ON u.id = r."userId" JOIN "Plot" p ON p."redemptionId" = r.id WHERE u.email = 'guardian@sapling.demo' LIMIT 1`,
    );
    await client.end();
    const [held] = rows;
    expect(held).toBeDefined();
    const [, other] = await callers();
    for (const url of [`/redemptions/${held!.id}`, `/plots/${held!.code}`, `/api/v1/redemptions/${held!.id}`]) {
      const response = await fetch(`${base()}${url}`, { headers: other!.headers, redirect: "manual" });
      expect(response.status, url).toBe(404);
    }
  });
});
