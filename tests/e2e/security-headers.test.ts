import http from "node:http";
import type { AddressInfo } from "node:net";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { logIn, useBrowser } from "../support/browser";

// The headers every answer carries (app/server/security-headers.ts), against the production build.
// Every other browser test runs under the same policy and fails on anything it blocks
// (tests/support/browser.ts); these check the policy itself holds against what it is for.

const browser = useBrowser();
const base = () => inject("baseUrl");

function nonceIn(policy: string | null) {
  return policy?.match(/script-src 'self' 'nonce-([\w-]{22})'/)?.[1];
}

describe("security headers", () => {
  it("are on every kind of answer: pages, the API, files, errors and the front door's own refusals", async () => {
    const answers = await Promise.all([
      fetch(`${base()}/`),
      fetch(`${base()}/projects`),
      fetch(`${base()}/no-such-page`),
      fetch(`${base()}/api/v1/projects`),
      fetch(`${base()}/api/v1/no-such-endpoint`),
      fetch(`${base()}/healthz`),
      fetch(`${base()}/favicon.svg`),
      fetch(`${base()}/login`, { method: "POST", headers: { "Content-Type": "text/plain" }, body: "x" }),
      fetch(`${base()}/a%00b`),
    ]);
    expect(answers.map((a) => a.status)).toEqual([200, 200, 404, 200, 404, 200, 200, 415, 400]);
    for (const answer of answers) {
      const policy = answer.headers.get("content-security-policy");
      expect(policy, answer.url).toContain("frame-ancestors 'none'");
      expect(policy).toContain("object-src 'none'");
      expect(policy).toContain("script-src-attr 'none'");
      expect(nonceIn(policy)).toBeDefined();
      expect(answer.headers.get("x-frame-options")).toBe("DENY");
      expect(answer.headers.get("x-content-type-options")).toBe("nosniff");
      expect(answer.headers.get("referrer-policy")).toBe("same-origin");
      expect(answer.headers.get("permissions-policy")).toContain("camera=()");
      expect(answer.headers.get("cross-origin-resource-policy")).toBe("same-origin");
      // The test server is plain http: HSTS there would be ignored, and upgrading would break it.
      expect(answer.headers.get("strict-transport-security")).toBeNull();
      expect(policy).not.toContain("upgrade-insecure-requests");
    }
  });

  it("gives each page its own nonce, and every script in the page carries it", async () => {
    const nonces = new Set<string>();
    for (let i = 0; i < 3; i++) {
      const answer = await fetch(`${base()}/projects`);
      const nonce = nonceIn(answer.headers.get("content-security-policy"))!;
      nonces.add(nonce);
      const html = await answer.text();
      const scripts = [...html.matchAll(/<script\b([^>]*)>/g)].map((m) => m[1]!);
      const executable = scripts.filter((attributes) => !/type="application\/json"/.test(attributes));
      expect(executable.length).toBeGreaterThan(0);
      for (const attributes of executable) expect(attributes).toContain(`nonce="${nonce}"`);
    }
    expect(nonces.size).toBe(3);
  });

  it("lets other sites show a certificate's image, and nothing else of ours", async () => {
    const sql = new pg.Client({ connectionString: inject("serviceEnv").DATABASE_URL });
    await sql.connect();
    const { rows } = await sql.query<{ n: string }>(`SELECT "certificateNumber" AS n FROM "Redemption" WHERE "certificateNumber" IS NOT NULL LIMIT 1`);
    await sql.end();
    const image = await fetch(`${base()}/certificates/${rows[0]!.n}/image.png`);
    expect(image.status).toBe(200);
    expect(image.headers.get("cross-origin-resource-policy")).toBe("cross-origin");
    const page = await fetch(`${base()}/certificates/${rows[0]!.n}`);
    expect(page.headers.get("cross-origin-resource-policy")).toBe("same-origin");
  });

  describe("in the browser", () => {
    let other: http.Server;
    let otherOrigin = "";
    beforeAll(async () => {
      // Another origin that tries to show our operations pages inside itself (clickjacking).
      other = http.createServer((req, res) => {
        const path = new URL(req.url!, "http://x").searchParams.get("frame") ?? "/ops";
        res.writeHead(200, { "Content-Type": "text/html" }).end(`<!doctype html><title>elsewhere</title><iframe id="f" src="${base()}${path}"></iframe>`);
      });
      await new Promise<void>((resolve) => other.listen(0, "127.0.0.1", resolve));
      otherOrigin = `http://127.0.0.1:${(other.address() as AddressInfo).port}`;
    });
    afterAll(() => new Promise<void>((resolve) => other.close(() => resolve())));

    it("refuses to be framed by another site: an operator's approve buttons cannot be clicked through a frame", async () => {
      const context = await browser.newContext("en-US");
      const page = await context.newPage();
      await logIn(page, "operator@sapling.demo");
      await page.goto(`${otherOrigin}/?frame=/ops/payouts`);
      await page.waitForLoadState("load");
      const frame = page.frames().find((f) => f !== page.mainFrame())!;
      // The frame holds Chromium's error page, not ours: nothing of the operations page is there.
      expect(await frame.locator("text=Payout").count()).toBe(0);
      expect(frame.url()).not.toContain("/ops/payouts");
      expect(browser.takeViolations().join("\n")).toContain("frame-ancestors");
      await context.close();
    });

    it("runs the page's own scripts and blocks one injected into it", async () => {
      const context = await browser.newContext("en-US");
      const page = await context.newPage();
      await page.goto("/projects");
      // Hydrated: a client-side navigation works (Remix's inline scripts ran under the nonce).
      await page.locator("main a[href^='/projects/']").first().click();
      await page.waitForURL(/\/projects\/[^/]+$/);
      expect(browser.takeViolations()).toEqual([]);
      const ran = await page.evaluate(async () => {
        const script = document.createElement("script");
        script.textContent = "window.injected = true";
        document.body.append(script);
        await new Promise((resolve) => setTimeout(resolve, 50));
        return (window as unknown as { injected?: boolean }).injected === true;
      });
      expect(ran).toBe(false);
      const blocked = browser.takeViolations();
      expect(blocked.length).toBeGreaterThan(0);
      for (const violation of blocked) expect(violation).toMatch(/inline script|script-src.*inline|blocked inline/i);
      await context.close();
    });
  });
});
