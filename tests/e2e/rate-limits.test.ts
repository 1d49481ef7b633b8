import { randomBytes, randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { signatureHeader } from "~/energy/partners.server";
import { DEMO_PARTNER, DEMO_PASSWORD, DEMO_USERS } from "../../prisma/seed";
import { keepScreenshot, PHONE, useBrowser } from "../support/browser";
import { useOwnWebServer } from "../support/own-web";

// The limits as deployed without Redis (counters in PostgreSQL's "RateLimit" table), on a server
// of this file's own that believes X-Forwarded-For from loopback (TRUST_PROXY): each test speaks
// from addresses of its own, as different people would. The general ceiling is lowered to keep
// the test short; the sign-in limits are the deployment's defaults.

const CEILING = 60;
const PARTNER_PER_MINUTE = 5;
const RECEIPT_MISSES = 3;
const own = useOwnWebServer("ratelimits", {
  REDIS_URL: "",
  TRUST_PROXY: "loopback",
  RATE_LIMIT_PER_MINUTE: String(CEILING),
  RATE_LIMIT_LOGINS_PER_MINUTE: "60",
  RATE_LIMIT_SIGNUPS_PER_HOUR: "20",
  RATE_LIMIT_PARTNER_PER_MINUTE: String(PARTNER_PER_MINUTE),
  RATE_LIMIT_RECEIPT_MISSES_PER_HOUR: String(RECEIPT_MISSES),
});
const browser = useBrowser();

let counter = 0;
const newAddress = () => `203.0.113.${++counter}`;
const from = (address: string, headers: Record<string, string> = {}) => ({ "X-Forwarded-For": address, ...headers });

describe("rate limits", () => {
  it("stops an address guessing receipt codes for the hour, saying so in its language, and leaves others alone", async () => {
    const guesser = newAddress();
    const guess = (code: string, address = guesser) => fetch(`${own.base}/r/${code}`, { headers: from(address, { "Accept-Language": "en-US", Accept: "text/html" }) });
    for (const code of ["2345-6789-ABCD", "2345-6789-ABCE", "2345-6789-ABCF"]) expect((await guess(code)).status).toBe(404);
    const refused = await guess("2345-6789-ABCG");
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(3000);
    expect(await refused.text()).toMatch(/Too many tries\. Try again in (59|60) min\./);
    expect((await guess("2345-6789-ABCD", newAddress())).status).toBe(404);
  });

  it("caps what one address may ask a minute, pages and API alike, says when to come back in its language, and leaves others alone", async () => {
    const address = newAddress();
    for (let i = 0; i < CEILING; i++) expect((await fetch(`${own.base}/api/v1/projects`, { headers: from(address) })).status).toBe(200);

    const api = await fetch(`${own.base}/api/v1/projects`, { headers: from(address) });
    expect(api.status).toBe(429);
    const retryAfter = Number(api.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(await api.json()).toEqual({ error: { code: "rate_limited", message: expect.stringContaining("Too many requests") } });

    const page = await fetch(`${own.base}/projects`, { headers: from(address, { "Accept-Language": "zh-CN", Accept: "text/html" }) });
    expect(page.status).toBe(429);
    expect(page.headers.get("content-type")).toMatch(/text\/html/);
    expect(await page.text()).toContain("请求太频繁");

    // Load balancers' health checks and other people are not counted against it.
    expect((await fetch(`${own.base}/healthz`, { headers: from(address) })).status).toBe(200);
    expect((await fetch(`${own.base}/api/v1/projects`, { headers: from(newAddress()) })).status).toBe(200);
  });

  it("locks a password guesser out at the form, says for how long, and lets the owner in from elsewhere", async () => {
    const guesser = newAddress();
    const context = await browser.newContext("en-US", PHONE);
    await context.setExtraHTTPHeaders(from(guesser));
    const page = await context.newPage();
    await page.goto(`${own.base}/login`);
    const attempt = async (password: string) => {
      await page.locator('input[name="email"]').fill(DEMO_USERS.consumer.email);
      await page.locator('input[name="password"]').fill(password);
      await page.locator("main form button[type=submit]").click();
    };
    for (let i = 0; i < 5; i++) {
      await attempt(`wrong guess ${i}`);
      await expect.poll(() => page.getByRole("alert").allTextContents()).toContain("Email or password is wrong");
    }
    // Locked for a minute: the right password is not even looked at.
    await attempt(DEMO_PASSWORD);
    await page.getByTestId("too-many-tries").waitFor();
    expect(await page.getByTestId("too-many-tries").textContent()).toBe("Too many tries from here. Wait 1 minute, then try again.");
    expect(new URL(page.url()).pathname).toBe("/login");
    await keepScreenshot(page, "login-locked-phone-en");

    // The API says the same to the same address.
    const api = await fetch(`${own.base}/api/v1/sessions`, {
      method: "POST",
      headers: from(guesser, { "Content-Type": "application/json" }),
      body: JSON.stringify({ email: DEMO_USERS.consumer.email, password: DEMO_PASSWORD }),
    });
    expect(api.status).toBe(429);
    expect(Number(api.headers.get("retry-after"))).toBeGreaterThan(50);

    // The owner, from their own connection, signs in as usual.
    const owner = await fetch(`${own.base}/api/v1/sessions`, {
      method: "POST",
      headers: from(newAddress(), { "Content-Type": "application/json" }),
      body: JSON.stringify({ email: DEMO_USERS.consumer.email, password: DEMO_PASSWORD }),
    });
    expect(owner.status).toBe(201);
    await context.close();
  });

  it("says it in Chinese to a Chinese reader", async () => {
    const guesser = newAddress();
    const email = `zh-${randomBytes(3).toString("hex")}@example.com`;
    for (let i = 0; i < 5; i++) {
      const answer = await fetch(`${own.base}/api/v1/sessions`, {
        method: "POST",
        headers: from(guesser, { "Content-Type": "application/json" }),
        body: JSON.stringify({ email, password: `guess ${i}` }),
      });
      expect(answer.status).toBe(401);
    }
    const context = await browser.newContext("zh-CN", PHONE);
    await context.setExtraHTTPHeaders(from(guesser));
    const page = await context.newPage();
    await page.goto(`${own.base}/login`);
    await page.locator('input[name="email"]').fill(email);
    await page.locator('input[name="password"]').fill("another guess");
    await page.locator("main form button[type=submit]").click();
    await page.getByTestId("too-many-tries").waitFor();
    expect(await page.getByTestId("too-many-tries").textContent()).toBe("尝试次数太多，请等待1分钟后再试。");
    await keepScreenshot(page, "login-locked-phone-zh");
    await context.close();
  });

  it("gives a partner key its allowance a minute, spent only by requests it signed", async () => {
    const post = (secret: string) => {
      const raw = JSON.stringify({ id: randomUUID(), user: DEMO_USERS.consumer.email, type: "metro_ride", occurredAt: new Date().toISOString() });
      return fetch(`${own.base}/api/v1/partner/actions`, {
        method: "POST",
        headers: from(newAddress(), { "Content-Type": "application/json", "Sapling-Partner": DEMO_PARTNER.keyId, "Sapling-Signature": signatureHeader(secret, raw) }),
        body: raw,
      });
    };
    // Someone who knows the key id but not the secret cannot use up the partner's allowance.
    for (let i = 0; i < PARTNER_PER_MINUTE * 2; i++) expect((await post("not the secret")).status).toBe(401);
    for (let i = 0; i < PARTNER_PER_MINUTE; i++) expect((await post(DEMO_PARTNER.secret)).status).toBe(201);
    const over = await post(DEMO_PARTNER.secret);
    expect(over.status).toBe(429);
    expect(over.headers.get("retry-after")).toMatch(/^\d+$/);
  });

  it("takes 600 webhook deliveries a minute from one sender, outside the general ceiling", async () => {
    const sender = newAddress();
    const deliver = () =>
      fetch(`${own.base}/webhooks/stripe`, { method: "POST", headers: from(sender, { "Content-Type": "application/json", "Stripe-Signature": "t=1,v1=00" }), body: "{}" });
    const statuses = await Promise.all(Array.from({ length: 600 }, deliver).map(async (answer) => (await answer).status));
    // Each one is read (and refused for its bad signature): none is stopped by the general ceiling of 60.
    expect(new Set(statuses)).toEqual(new Set([400]));
    expect((await deliver()).status).toBe(429);
  });
});
