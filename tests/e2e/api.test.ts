import { randomBytes, randomUUID } from "node:crypto";
import { describe, expect, inject, it } from "vitest";
import { call } from "../support/api-client";
import { signupTokenFor } from "../support/mail";
import { freePort, startService, waitForHttp } from "../support/processes";

const base = () => inject("baseUrl");

describe("JSON API", () => {
  it("signs up by a mailed link, opens a session, and uses the bearer token", async () => {
    const email = `api-${randomBytes(4).toString("hex")}@example.com`;
    const asked = await call("POST", "/api/v1/users", { email, password: "api password 1", displayName: "Api" });
    expect(asked).toEqual({ status: 202, body: { status: "check_your_email" } });
    // Until the link is used there is no account to sign in to.
    expect((await call("POST", "/api/v1/sessions", { email, password: "api password 1" })).status).toBe(401);
    const token1 = await signupTokenFor(email);
    const created = await call("POST", "/api/v1/users/confirmations", { token: token1 });
    expect(created).toEqual({ status: 201, body: { id: expect.any(String) } });
    // The link works once.
    expect(await call("POST", "/api/v1/users/confirmations", { token: token1 })).toMatchObject({ status: 404, body: { error: { code: "link_invalid" } } });

    // Asking again for a taken address answers exactly as for a free one (no enumeration).
    expect(await call("POST", "/api/v1/users", { email, password: "api password 2", displayName: "Again" })).toEqual(asked);
    const wrong = await call("POST", "/api/v1/sessions", { email, password: "not it at all" });
    expect(wrong).toEqual({ status: 401, body: { error: { code: "invalid_credentials", message: expect.any(String) } } });

    const session = await call("POST", "/api/v1/sessions", { email, password: "api password 1" });
    expect(session.status).toBe(201);
    const token = session.body.token as string;

    const forest = await call("GET", "/api/v1/me/forest", undefined, token);
    expect(forest).toMatchObject({ status: 200, body: { balance: 0, balls: [], cover: null, items: { covers: 1, doubleCards: 1 } } });

    const projects = await call("GET", "/api/v1/projects");
    expect(projects.status).toBe(200);
    const forestProject = projects.body.find((p: { slug: string }) => p.slug === "sea-buckthorn-inner-mongolia");
    expect(Object.keys(forestProject).sort()).toEqual(["capacity", "id", "kind", "name", "remaining", "slug", "state", "unitCostGrams"]);
    expect(forestProject).toMatchObject({ kind: "FOREST", unitCostGrams: 18_880, state: "AVAILABLE" });

    const broke = await call("POST", "/api/v1/redemptions", { projectId: forestProject.id, quantity: 1, idempotencyKey: randomUUID() }, token);
    expect(broke).toEqual({ status: 422, body: { error: { code: "insufficient_energy", message: expect.any(String) } } });
  });

  it("redeems through the API: 202 PENDING, and the same key never debits twice", async () => {
    const { token } = (await call("POST", "/api/v1/sessions", { email: "guardian@sapling.demo", password: "sapling-demo" })).body;
    const projects = (await call("GET", "/api/v1/projects")).body as { id: string; kind: string }[];
    const guanba = projects.find((p) => p.kind === "PROTECTED_AREA")!;
    const before = (await call("GET", "/api/v1/me/forest", undefined, token)).body.balance as number;
    const request = { projectId: guanba.id, quantity: 2, idempotencyKey: randomUUID() };
    const first = await call("POST", "/api/v1/redemptions", request, token);
    const again = await call("POST", "/api/v1/redemptions", request, token);
    expect(first.status).toBe(202);
    expect(first.body).toMatchObject({ id: expect.any(String), status: "PENDING" });
    expect(again.body.id).toBe(first.body.id);
    const after = (await call("GET", "/api/v1/me/forest", undefined, token)).body.balance as number;
    expect(before - after).toBe(2 * 520);

    const fetched = await call("GET", `/api/v1/redemptions/${first.body.id}`, undefined, token);
    expect(fetched.body).toMatchObject({ id: first.body.id, status: expect.stringMatching(/PENDING|SETTLED/) });
  });

  it("answers every error as JSON with a fitting status", async () => {
    expect(await call("GET", "/api/v1/me/forest")).toMatchObject({ status: 401, body: { error: { code: "unauthenticated" } } });
    expect(await call("GET", "/api/v1/no-such-thing")).toMatchObject({ status: 404, body: { error: { code: "not_found" } } });
    expect(await call("POST", "/api/v1/users", { email: "nope" })).toMatchObject({
      status: 422,
      body: {
        error: {
          code: "invalid_fields",
          message: expect.stringContaining("email: Enter a valid email address"),
          details: { email: ["Enter a valid email address"], password: ["Use at least 8 characters"], displayName: ["Enter a display name"] },
        },
      },
    });
    expect(await call("POST", "/api/v1/projects", {})).toMatchObject({ status: 405, body: { error: { code: "method_not_allowed" } } });
    const malformed = await fetch(`${base()}/api/v1/sessions`, { method: "POST", headers: { "Content-Type": "application/json" }, body: "{" });
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toMatchObject({ error: { code: "malformed_json" } });
    expect(await call("GET", "/api/v1/redemptions/nope", undefined, "bad-token")).toMatchObject({ status: 401 });
    expect(await call("GET", "/api/v1/users")).toMatchObject({ status: 405, body: { error: { code: "method_not_allowed" } } });
  });
});

describe("health", () => {
  it("reports the database and the queue", async () => {
    const response = await fetch(`${base()}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "ok", database: "up", queue: { backend: "redis", status: "up" } });
  });

  async function healthWith(overrides: Record<string, string>) {
    const port = await freePort();
    const web = startService("app/server/web.ts", { ...inject("serviceEnv"), ...overrides, PORT: String(port), HOST: "127.0.0.1" });
    try {
      const response = await waitForHttp(`http://127.0.0.1:${port}/healthz`, web);
      return { status: response.status, body: await response.json() };
    } finally {
      await web.stop();
    }
  }

  it("answers 503 when the queue cannot be reached", async () => {
    expect(await healthWith({ REDIS_URL: `redis://127.0.0.1:${await freePort()}` })).toEqual({
      status: 503,
      body: { status: "degraded", database: "up", queue: { backend: "redis", status: "down" } },
    });
  });

  it("answers 503 when the database cannot be reached", async () => {
    expect(await healthWith({ DATABASE_URL: `postgresql://postgres@127.0.0.1:${await freePort()}/nowhere` })).toEqual({
      status: 503,
      body: { status: "degraded", database: "down", queue: { backend: "redis", status: "up" } },
    });
  });
});
