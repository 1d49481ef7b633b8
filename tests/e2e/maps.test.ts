import type { Page } from "playwright-core";
import { PNG } from "pngjs";
import { describe, expect, inject, it } from "vitest";
import { keepScreenshot, logIn, PHONE, useBrowser } from "../support/browser";

// The interactive maps (components/live-map.tsx): MapLibre draws a project's land and a guardian's
// plot in the browser, from this site alone (no MAP_STYLE_URL in the tests); the server's SVG
// drawings stay for browsers without JavaScript.

const browser = useBrowser();

const MINE: [number, number, number] = [0xd9, 0x48, 0x0f];
const OUTLINE: [number, number, number] = [0x3d, 0x6b, 0x35];

/** How many of the map canvas's pixels are (nearly) this colour: what MapLibre actually drew. */
async function pixelsOf(page: Page, [r, g, b]: [number, number, number]): Promise<number> {
  const png = PNG.sync.read(await page.locator('[data-testid="live-map"] canvas').first().screenshot());
  let count = 0;
  for (let i = 0; i < png.data.length; i += 4) {
    if (Math.abs(png.data[i]! - r) < 24 && Math.abs(png.data[i + 1]! - g) < 24 && Math.abs(png.data[i + 2]! - b) < 24) count += 1;
  }
  return count;
}

/** Waits for MapLibre to have drawn the map whose label starts so (after a link, the page before may still be showing). */
const mapDrawn = (page: Page, label: string) => page.locator(`[data-testid="live-map"][data-loaded="true"][aria-label^="${label}"]`).first().waitFor({ timeout: 30_000 });

describe("interactive maps", () => {
  it("draw a guardian's plot close up with a scale bar, and the project's land, fetching nothing from elsewhere", async () => {
    const context = await browser.newContext("en-US");
    const page = await context.newPage();
    const origin = new URL(inject("baseUrl")).origin;
    const elsewhere: string[] = [];
    page.on("request", (request) => {
      const url = new URL(request.url());
      if (url.origin !== origin && url.protocol !== "data:" && url.protocol !== "blob:") elsewhere.push(request.url());
    });
    await logIn(page, "guardian@sapling.demo");
    await page.goto("/plots");
    await mapDrawn(page, "Interactive map of Guanba");
    await expect.poll(() => pixelsOf(page, MINE)).toBeGreaterThan(0);

    await page.locator('[data-testid="plot-row"] a[href^="/plots/"]').first().click();
    await page.waitForURL(/\/plots\/[A-Z]+-\d+$/);
    await mapDrawn(page, "Map of plot");
    expect(await page.getByTestId("live-map").getAttribute("aria-label")).toMatch(/^Map of plot [A-Z]+-\d+ in Guanba/);
    // Close up: the plot's 20 m² are a patch of the map, measured in metres.
    await expect.poll(() => pixelsOf(page, MINE)).toBeGreaterThan(100);
    await expect.poll(() => page.locator(".maplibregl-ctrl-scale").textContent()).toMatch(/^\d+\s+m$/);
    await keepScreenshot(page, "plot-map-desktop");
    // Zoomed far out the plot is a ring and the scale is in kilometres.
    for (let i = 0; i < 8; i++) await page.getByRole("button", { name: "Zoom out" }).click();
    await expect.poll(() => page.locator(".maplibregl-ctrl-scale").textContent()).toMatch(/^\d+\s+km$/);
    await expect.poll(() => pixelsOf(page, MINE)).toBeGreaterThan(0);

    await page.goto("/projects/guanba-pingwu");
    await mapDrawn(page, "Interactive map");
    expect(await page.getByTestId("live-map").getAttribute("aria-label")).toBe("Interactive map of Guanba protected area, Pingwu, Sichuan");
    await expect.poll(() => pixelsOf(page, OUTLINE)).toBeGreaterThan(50);
    expect(elsewhere).toEqual([]);
    await context.close();
  });

  it("fit a phone, in Chinese", async () => {
    const context = await browser.newContext("zh-CN", PHONE);
    const page = await context.newPage();
    await logIn(page, "guardian@sapling.demo");
    await page.goto("/plots");
    await page.locator('[data-testid="plot-row"] a[href^="/plots/"]').first().click();
    await mapDrawn(page, "四川平武关坝保护地 地块");
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    expect(await page.locator(".map-legend").first().textContent()).toContain("我的");
    expect(await page.getByRole("button", { name: "放大" }).count()).toBe(1);
    await keepScreenshot(page, "plot-map-phone-zh");
    await context.close();
  });

  it("load MapLibre only on pages that show a map", async () => {
    const context = await browser.newContext("en-US");
    const page = await context.newPage();
    const mapCode: string[] = [];
    page.on("request", (request) => {
      if (/maplibre/.test(request.url())) mapCode.push(new URL(request.url()).pathname);
    });
    await page.goto("/impact");
    await page.goto("/projects");
    await page.waitForFunction(() => document.documentElement.dataset.hydrated === "true");
    expect(mapCode).toEqual([]);
    await page.goto("/projects/guanba-pingwu");
    await mapDrawn(page, "Interactive map");
    expect(mapCode.some((path) => path.startsWith("/build/"))).toBe(true);
    expect(mapCode).toContain("/vendor/maplibre-gl-worker.mjs");
    await context.close();
  });

  it("leave the server's drawings to a browser without JavaScript", async () => {
    const context = await browser.newContext("en-US", undefined, { javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto("/projects/guanba-pingwu");
    expect(await page.getByTestId("project-map").count()).toBeGreaterThan(0);
    expect(await page.getByTestId("live-map").count()).toBe(0);
    await logIn(page, "guardian@sapling.demo");
    await page.goto("/plots");
    expect(await page.getByTestId("map-marker").count()).toBeGreaterThan(0);
    await page.locator('[data-testid="plot-row"] a[href^="/plots/"]').first().click();
    await page.waitForURL(/\/plots\/[A-Z]+-\d+$/);
    expect((await page.getByTestId("mine").getAttribute("d"))!.length).toBeGreaterThan(0);
    await context.close();
  });
});
