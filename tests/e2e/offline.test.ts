import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { logIn, PHONE, useBrowser } from "../support/browser";

// The installable app (public/manifest.webmanifest, app/sw/service-worker.ts): what a guardian
// has opened stays readable without a network (My plots, a plot page and its map, a certificate),
// and nothing of theirs stays on the device once they sign out.

const browser = useBrowser();

const cachedPaths = (page: Page, cache: string) =>
  page.evaluate(async (name) => ((await caches.has(name)) ? (await (await caches.open(name)).keys()).map((request) => new URL(request.url).pathname) : []), cache);

describe("the app offline", () => {
  it("can be installed: a manifest with its name, start page and icons", async () => {
    const context = await browser.newContext("en-US");
    const page = await context.newPage();
    await page.goto("/");
    const href = await page.locator('link[rel="manifest"]').getAttribute("href");
    const manifest = (await (await page.request.get(href!)).json()) as { name: string; start_url: string; display: string; icons: { src: string; sizes: string }[] };
    expect(manifest).toMatchObject({ name: "树苗 Sapling", start_url: "/plots", display: "standalone" });
    for (const icon of manifest.icons) expect((await page.request.get(icon.src)).status()).toBe(200);
    expect(manifest.icons.map((icon) => icon.sizes)).toEqual(expect.arrayContaining(["192x192", "512x512"]));
    await context.close();
  });

  it("keeps My plots, a plot page with its map and a certificate readable offline, and forgets them on signing out", async () => {
    const context = await browser.newContext("en-US", PHONE);
    const page = await context.newPage();
    await logIn(page, "guardian@sapling.demo");
    await page.goto("/plots");
    await page.waitForFunction(async () => Boolean((await navigator.serviceWorker.ready).active));
    // Reached by links (client-side), as a guardian does.
    await page.locator('[data-testid="plot-row"] a[href^="/plots/"]').first().click();
    await page.waitForURL(/\/plots\/[A-Z]+-\d+$/);
    const plotPath = new URL(page.url()).pathname;
    const code = plotPath.split("/").at(-1)!;
    await page.locator('[data-testid="live-map"][data-loaded="true"][aria-label^="Map of plot"]').waitFor({ timeout: 30_000 });
    await page.locator('a[href^="/certificates/"]').first().click();
    await page.waitForURL(/\/certificates\//);
    const certificatePath = new URL(page.url()).pathname;
    await expect.poll(() => cachedPaths(page, "sapling-pages"), { timeout: 15_000 }).toEqual(expect.arrayContaining(["/plots", plotPath, certificatePath]));
    await expect.poll(() => cachedPaths(page, "sapling-maps")).toEqual(["/projects/guanba-pingwu/map.geojson"]);

    await context.setOffline(true);
    await page.goto("/plots");
    expect(await page.locator("h1").textContent()).toBe("My plots");
    expect(await page.getByTestId("plot-row").filter({ hasText: code }).count()).toBe(1);
    await page.goto(plotPath);
    expect(await page.locator("h1 code").textContent()).toBe(code);
    await page.locator('[data-testid="live-map"][data-loaded="true"][aria-label^="Map of plot"]').waitFor({ timeout: 30_000 });
    await page.goto(certificatePath);
    expect(await page.getByText(code).count()).toBeGreaterThan(0);
    await context.setOffline(false);

    // Signed out: the private copies go; offline, the plot page is simply not there.
    await page.goto("/me");
    await page.getByRole("button", { name: "Log out" }).click();
    await page.waitForURL((url) => !url.pathname.startsWith("/me"));
    await expect.poll(() => page.evaluate(() => caches.has("sapling-pages"))).toBe(false);
    await context.setOffline(true);
    expect(await page.goto(plotPath).then(() => "shown", () => "not available")).toBe("not available");
    await context.close();
  });
});
