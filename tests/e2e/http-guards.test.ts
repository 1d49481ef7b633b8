import http from "node:http";
import { afterAll, describe, expect, inject, it } from "vitest";
import { DEMO_PASSWORD, DEMO_USERS } from "../../prisma/seed";

// Against the production build behind the production entry point, over real keep-alive sockets.

const target = () => new URL(inject("baseUrl"));
// One socket, kept alive: every request below travels on the same connection when the server allows.
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
afterAll(() => agent.destroy());

type Answer = { status?: number; headers?: http.IncomingHttpHeaders; body?: string; error?: string };

function send(path: string, options: { method?: string; body?: string | Buffer; headers?: Record<string, string>; chunked?: boolean } = {}): Promise<Answer> {
  const { hostname, port } = target();
  return new Promise((resolve) => {
    const headers: Record<string, string | number> = { ...options.headers };
    if (options.body !== undefined && !options.chunked) headers["Content-Length"] = Buffer.byteLength(options.body);
    const req = http.request({ host: hostname, port, path, method: options.method ?? "GET", agent, headers }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk) => (body += chunk));
      res.on("end", () => resolve({ status: res.statusCode, headers: res.headers, body }));
    });
    // A server that answers early may stop reading: the rest of the upload then fails to send.
    req.on("error", (error: NodeJS.ErrnoException) => resolve({ error: error.code ?? error.message }));
    if (options.body !== undefined) req.write(options.body);
    req.end();
  });
}

describe("the web server's front door", () => {
  it("keeps the next request on a connection working after an answer given before the body was read", async () => {
    const upload = JSON.stringify({ projectId: "x", quantity: 1, idempotencyKey: "keep-alive-test", pad: "x".repeat(300_000) });
    // Refused before the body is looked at: nobody is signed in.
    const refused = await send("/api/v1/redemptions", { method: "POST", body: upload, headers: { "Content-Type": "application/json" } });
    expect(refused.status).toBe(401);
    for (let i = 0; i < 3; i++) expect((await send("/healthz")).status).toBe(200);
  });

  it("refuses a body larger than its kind allows before reading it, with a message, and stays usable", async () => {
    const twentyMb = "x".repeat(20_000_000);
    const json = await send("/api/v1/sessions", { method: "POST", body: JSON.stringify({ email: "a@b.c", password: twentyMb }), headers: { "Content-Type": "application/json" } });
    expect(json.status).toBe(413);
    expect(JSON.parse(json.body!)).toEqual({ error: { code: "body_too_large", message: expect.stringContaining("larger than 1 MB") } });

    const form = await send("/login", { method: "POST", body: `email=a%40b.c&password=${twentyMb}`, headers: { "Content-Type": "application/x-www-form-urlencoded", Accept: "text/html" } });
    expect(form.status).toBe(413);
    expect(form.headers!["content-type"]).toMatch(/text\/html/);
    expect(form.body).toContain("1 MB");

    // Of unknown length: refused rather than read to the end to find out.
    const chunked = await send("/api/v1/sessions", { method: "POST", body: "{}", chunked: true, headers: { "Content-Type": "application/json", "Transfer-Encoding": "chunked" } });
    expect(chunked.status).toBe(411);

    // A body within its limit still goes through to the route.
    const fine = await send("/api/v1/sessions", { method: "POST", body: JSON.stringify({ email: "nobody@sapling.test", password: "not a real one" }), headers: { "Content-Type": "application/json" } });
    expect(fine.status).toBe(401);
    expect((await send("/healthz")).status).toBe(200);
  });
});

describe("input that cannot be read", () => {
  it("answers a form post that is not a form with 415 and says, in the reader's language, how to send it", async () => {
    const json = await send("/login", { method: "POST", body: '{"email":"a@b.c"}', headers: { "Content-Type": "application/json", Accept: "text/html", "Accept-Language": "en" } });
    expect(json.status).toBe(415);
    expect(json.body).toContain("Send this form as a web form");
    const zh = await send("/login", { method: "POST", body: "email=a", headers: { "Content-Type": "text/plain", Accept: "text/html", "Accept-Language": "zh-CN" } });
    expect(zh.status).toBe(415);
    expect(zh.body).toContain("请像页面一样以网页表单");
  });

  it("answers a NUL character or a broken percent-encoding in the address with 400, JSON for the API", async () => {
    const page = await send("/projects/a%00b", { headers: { Accept: "text/html" } });
    expect(page.status).toBe(400);
    expect(page.body).toContain("cannot be read");
    const api = await send("/api/v1/certificates/%ff%fe");
    expect(api.status).toBe(400);
    expect(JSON.parse(api.body!)).toEqual({ error: { code: "unreadable_url", message: expect.stringContaining("broken percent-encoding") } });
    expect((await send("/projects?before=%00")).status).toBe(400);
  });

  it("answers a NUL character in a JSON body with 400", async () => {
    const answer = await send("/api/v1/sessions", { method: "POST", body: JSON.stringify({ email: "a\u0000@b.c", password: "x" }), headers: { "Content-Type": "application/json" } });
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.body!).error.code).toBe("nul_character");
  });

  it("refuses a cookie-carrying write from another origin or site with 403 (not a 500), and lets our own pages and bearer calls through", async () => {
    const { host } = target();
    const login = await send("/login", {
      method: "POST",
      body: `email=${encodeURIComponent(DEMO_USERS.operator.email)}&password=${encodeURIComponent(DEMO_PASSWORD)}`,
      headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: `http://${host}` },
    });
    const cookie = String(login.headers!["set-cookie"]).split(";")[0]!;
    expect(cookie).toMatch(/^sapling_session=/);
    const form = { "Content-Type": "application/x-www-form-urlencoded", Cookie: cookie };

    const foreign = await send("/ops/energy", { method: "POST", body: "intent=adjust", headers: { ...form, Origin: "http://evil.example", Accept: "text/html" } });
    expect(foreign.status).toBe(403);
    expect(foreign.body).toContain("another site");
    const nullOrigin = await send("/ops/energy", { method: "POST", body: "intent=adjust", headers: { ...form, Origin: "null" } });
    expect(nullOrigin.status).toBe(403);
    // A sibling subdomain is the same site: SameSite=Lax lets the cookie through, the browser says so.
    const pause = await send("/ops/queues/api/queues/payouts/pause", { method: "PUT", headers: { Cookie: cookie, "Sec-Fetch-Site": "same-site" } });
    expect(pause.status).toBe(403);
    const queues = await send("/ops/queues/api/queues", { headers: { Cookie: cookie, Accept: "application/json" } });
    expect(queues.status).toBe(200);
    expect(JSON.parse(queues.body!).queues.find((queue: { name: string }) => queue.name === "payouts").isPaused).toBe(false);

    // Our own page's post goes through to the action (which checks the fields).
    const own = await send("/ops/energy", { method: "POST", body: "intent=adjust", headers: { ...form, Origin: `http://${host}`, "Sec-Fetch-Site": "same-origin" } });
    expect(own.status).toBe(422);
    // A bearer call from anywhere is not a browser riding a cookie.
    const token = JSON.parse((await send("/api/v1/sessions", { method: "POST", body: JSON.stringify({ email: DEMO_USERS.operator.email, password: DEMO_PASSWORD }), headers: { "Content-Type": "application/json" } })).body!).token;
    const bearer = await send("/api/v1/ops/energy-adjustments", { method: "POST", body: "{}", headers: { "Content-Type": "application/json", Authorization: `Bearer ${token}`, Origin: "http://evil.example" } });
    expect(bearer.status).toBe(422);
  });
});
