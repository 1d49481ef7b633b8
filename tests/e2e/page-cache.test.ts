import pg from "pg";
import { describe, expect, it } from "vitest";
import { DEMO_PASSWORD, DEMO_USERS } from "../../prisma/seed";
import { useOwnWebServer } from "../support/own-web";

// The micro-cache of public pages (app/server/page-cache.ts), on a server of this file's own with
// it on: what people who are not signed in get from memory, and what never comes from it.

const TTL_MS = 1_500;
const own = useOwnWebServer("pagecache", { PAGE_CACHE_MS: String(TTL_MS) });
const PAGE = "/projects/guanba-pingwu";

const get = async (path: string, headers: Record<string, string> = {}) => {
  const response = await fetch(`${own.base}${path}`, { headers, redirect: "manual" });
  const nonce = response.headers.get("content-security-policy")?.match(/'nonce-([\w-]+)'/)?.[1] ?? "";
  return { status: response.status, cache: response.headers.get("x-page-cache"), body: await response.text(), cookie: response.headers.get("set-cookie"), nonce };
};
/** The page with its CSP nonce taken out: the rest is what a kept page must repeat. */
const withoutNonce = (page: { body: string; nonce: string }) => page.body.replaceAll(page.nonce, "NONCE");

describe("public pages for people not signed in", () => {
  it("are rendered once and served from memory until they are older than the cache's time, per language", async () => {
    const first = await get(PAGE, { "accept-language": "en" });
    const second = await get(PAGE, { "accept-language": "en" });
    expect([first.status, first.cache, second.status, second.cache]).toEqual([200, "miss", 200, "hit"]);
    expect(withoutNonce(second)).toBe(withoutNonce(first));
    // Each answer has its own CSP nonce, in its header and on its scripts: a kept page is no exception.
    expect(second.nonce).not.toBe(first.nonce);
    expect(second.body).toContain(`nonce="${second.nonce}"`);
    expect(second.body).not.toContain(first.nonce);
    const chinese = await get(PAGE, { "accept-language": "zh-CN" });
    expect(chinese.cache).toBe("miss");
    expect(chinese.body).not.toBe(first.body);

    // A change shows once the kept page is older than the cache's time.
    const sql = new pg.Client({ connectionString: own.databaseUrl });
    await sql.connect();
    await sql.query(`UPDATE "Project" SET "nameEn" = 'Guanba, renamed' WHERE slug = 'guanba-pingwu'`);
    await sql.end();
    expect((await get(PAGE, { "accept-language": "en" })).body).not.toContain("Guanba, renamed");
    await new Promise((resolve) => setTimeout(resolve, TTL_MS + 200));
    const later = await get(PAGE, { "accept-language": "en" });
    expect(later.cache).toBe("miss");
    expect(later.body).toContain("Guanba, renamed");
  });

  it("never serves or keeps a page for someone signed in, with a cookie, or that is not public", async () => {
    const session = await fetch(`${own.base}/api/v1/sessions`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: DEMO_USERS.consumer.email, password: DEMO_PASSWORD }),
    });
    const { token } = (await session.json()) as { token: string };
    await get(PAGE); // kept for visitors
    const signedIn = await get(PAGE, { authorization: `Bearer ${token}` });
    expect(signedIn.cache).toBeNull();
    expect(signedIn.body).toContain(DEMO_USERS.consumer.displayName);
    expect((await get(PAGE, { cookie: "lng=en" })).cache).toBeNull();
    expect((await get(PAGE)).body).not.toContain(DEMO_USERS.consumer.displayName);
    // Not public: a visitor is sent to log in, every time.
    expect(await get("/forest")).toMatchObject({ status: 302, cache: null });
    expect(await get("/forest")).toMatchObject({ status: 302, cache: null });
  });
});
