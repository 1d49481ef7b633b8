import { describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { newAccount, reportAction, twoDaysAgo } from "../support/api-client";
import { DESKTOP, keepScreenshot, logIn, PHONE, seriousAccessibilityProblems, useBrowser } from "../support/browser";

const browser = useBrowser();
const NARROW = { width: 360, height: 740 };

/** Whether anything on the page is wider than the screen. */
const overflows = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth);

describe("getting around", () => {
  it("gives phones a bottom tab bar and a compact header that never wraps, and desktops a top bar", async () => {
    const context = await browser.newContext("en-US", NARROW);
    const page = await context.newPage();
    await logIn(page, "consumer@sapling.demo");
    for (const path of ["/forest", "/projects", "/friends", "/shop", "/me", "/energy"]) {
      await page.goto(path);
      expect({ path, overflows: await overflows(page) }).toEqual({ path, overflows: false });
      const header = await page.locator("header.site-header").boundingBox();
      expect({ path, compact: header!.height < 72 }).toEqual({ path, compact: true });
    }
    const tabs = page.getByTestId("tab-bar");
    expect(await tabs.isVisible()).toBe(true);
    expect(await tabs.getByRole("link").allTextContents()).toEqual(["Forest", "Projects", "Friends", "Shop", "Me"]);
    for (const link of await tabs.getByRole("link").all()) expect((await link.boundingBox())!.height).toBeGreaterThanOrEqual(44);
    expect(await page.getByRole("navigation", { name: "Main" }).isVisible()).toBe(false);
    await tabs.getByRole("link", { name: "Projects" }).click();
    await page.waitForURL("**/projects");
    await expect.poll(() => tabs.getByRole("link", { name: "Projects" }).getAttribute("aria-current")).toBe("page");
    await context.close();

    const desktop = await browser.newContext("en-US", DESKTOP);
    const wide = await desktop.newPage();
    await logIn(wide, "consumer@sapling.demo");
    await wide.goto("/forest");
    expect(await wide.getByTestId("tab-bar").isVisible()).toBe(false);
    expect(await wide.getByRole("navigation", { name: "Main" }).getByRole("link").allTextContents()).toEqual(["Forest", "Projects", "Friends", "Shop", "Me"]);
    await desktop.close();
  });

  it("shows visitors what Sapling is: live counters, the open projects with their species, how it works", async () => {
    for (const [name, viewport] of [["phone", PHONE], ["desktop", DESKTOP]] as const) {
      const context = await browser.newContext("en-US", viewport);
      const page = await context.newPage();
      await page.goto("/");
      expect(await page.getByTestId("home-counters").locator("li").count()).toBe(6);
      expect(await page.getByTestId("home-counters").textContent()).toMatch(/g of energy redeemed.*trees? redeemed.*m² of protected land redeemed/);
      const cards = page.getByTestId("project-card");
      expect(await cards.count()).toBeGreaterThanOrEqual(5);
      // A coming project says when it opens.
      const coming = cards.filter({ hasText: "Mongolian pine" });
      expect(await coming.getAttribute("data-state")).toBe("COMING");
      expect(await coming.textContent()).toMatch(/Opens .* \(Beijing time\)/);
      expect(await page.getByRole("heading", { name: "How it works" }).count()).toBe(1);
      expect(await overflows(page)).toBe(false);
      await keepScreenshot(page, `home-${name}`);
      await context.close();
    }
  });

  it("welcomes a newcomer with the game in three steps and lets them choose what to grow", async () => {
    const dan = await newAccount("Dan");
    const context = await browser.newContext("en-US", PHONE);
    const page = await context.newPage();
    await logIn(page, dan.email, dan.password);
    await page.goto("/forest");
    const welcome = page.getByTestId("onboarding");
    expect(await welcome.locator("li").count()).toBe(3);
    expect(await page.getByTestId("forest-scene").getAttribute("data-art")).toBe("sea-buckthorn");
    expect(await page.getByTestId("forest-scene").getAttribute("data-stage")).toBe("seed");
    await welcome.getByLabel("What to grow").selectOption({ label: "Saxaul forest, Alxa · 17,900 g per tree" });
    await welcome.getByRole("button", { name: "Start growing" }).click();
    await expect.poll(() => page.getByTestId("forest-scene").getAttribute("data-art")).toBe("saxaul");
    expect(await page.getByTestId("onboarding").count()).toBe(0);
    expect(await page.getByTestId("goal-progress").textContent()).toBe("0 / 17,900 g to your next saxaul");
    // Nothing to collect yet: the page says what to do next.
    expect(await page.getByText("Try a demo action below").count()).toBe(1);
    await keepScreenshot(page, "forest-phone-newcomer");
    await context.close();
  });

  it("has no serious or critical accessibility problems on the home, projects, forest and friends pages", async () => {
    const visitor = await browser.newContext("en-US", PHONE);
    const page = await visitor.newPage();
    for (const path of ["/", "/projects"]) {
      await page.goto(path);
      expect({ path, problems: await seriousAccessibilityProblems(page) }).toEqual({ path, problems: [] });
    }
    await visitor.close();
    for (const [locale, viewport] of [["en-US", PHONE], ["zh-CN", DESKTOP]] as const) {
      const context = await browser.newContext(locale, viewport);
      const signedIn = await context.newPage();
      await logIn(signedIn, "consumer@sapling.demo");
      for (const path of ["/forest", "/friends", "/me"]) {
        await signedIn.goto(path);
        expect({ locale, path, problems: await seriousAccessibilityProblems(signedIn) }).toEqual({ locale, path, problems: [] });
      }
      await context.close();
    }
  });

  it("draws the forest on the server: the scene is there, and collecting works, with JavaScript off", async () => {
    const erin = await newAccount("Erin");
    await reportAction(erin.email, "bus_ride", twoDaysAgo());
    const context = await browser.newContext("en-US", PHONE, { javaScriptEnabled: false });
    const page = await context.newPage();
    await logIn(page, erin.email, erin.password);
    await page.goto("/forest");
    const scene = page.getByTestId("forest-scene");
    expect(await scene.locator("svg [data-art]").count()).toBe(1);
    expect(await scene.getByTestId("energy-ball").count()).toBe(1);
    await scene.getByRole("button", { name: "Collect 80 g from Bus ride" }).click();
    await page.waitForLoadState("load");
    expect(await page.getByTestId("energy-balance").textContent()).toBe("80 g");
    expect(await page.getByTestId("energy-ball").count()).toBe(0);
    await context.close();
  });

  it("keeps the page around an error: a missing project inside ops keeps the ops menu and offers the way back", async () => {
    const context = await browser.newContext("en-US", PHONE);
    const page = await context.newPage();
    await logIn(page, "operator@sapling.demo");
    const answer = await page.goto("/ops/projects/no-such-project");
    expect(answer!.status()).toBe(404);
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Not found");
    expect(await page.getByRole("navigation", { name: "Operations" }).isVisible()).toBe(true);
    expect(await overflows(page)).toBe(false);
    await keepScreenshot(page, "error-404-inside-ops-phone");
    await page.getByRole("link", { name: "← Back one level" }).click();
    await page.waitForURL("**/ops/projects");
    await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).not.toBe("Not found");
    await context.close();
  });

  it("sends a page the messages it uses in its language only, and fetches the rest when another page needs them", async () => {
    const context = await browser.newContext("en-US", DESKTOP);
    const page = await context.newPage();
    const fetched: string[] = [];
    page.on("request", (request) => {
      if (request.url().includes("/locales/")) fetched.push(new URL(request.url()).pathname);
    });
    await logIn(page, "consumer@sapling.demo");
    await page.goto("/projects");
    const sent = await page.evaluate(() => JSON.parse(document.getElementById("sapling-messages")!.textContent!) as { lng: string; bundles: Record<string, unknown> });
    expect(sent.lng).toBe("en");
    expect(Object.keys(sent.bundles)).toEqual(expect.arrayContaining(["common", "projects"]));
    for (const other of ["shop", "payouts", "ops", "households"]) expect(Object.keys(sent.bundles)).not.toContain(other);
    // The shop needs sections /projects did not: they come, and no key shows raw meanwhile or after.
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Shop" }).click();
    await page.waitForURL("**/shop");
    await expect.poll(() => fetched.sort()).toEqual(expect.arrayContaining(["/locales/en/shop.json"]));
    const text = await page.locator("main").innerText();
    expect(text).not.toMatch(/\b(shop|area|evidence|nav|errors)\.[a-zA-Z]+/);
    expect(fetched.filter((path) => !path.startsWith("/locales/en/"))).toEqual([]);
    await context.close();
  });
});
