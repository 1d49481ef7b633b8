import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, inject } from "vitest";

export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", args: CHROMIUM_ARGS });
}

export const PHONE = { width: 390, height: 844 };
export const DESKTOP = { width: 1280, height: 800 };

// Every page of the suite runs under the Content Security Policy the server sends: whatever it
// blocks (a script, a style, a frame, a form target) is reported here and fails the test.
const REPORT_VIOLATIONS = `document.addEventListener("securitypolicyviolation", (e) =>
  console.error("CSP violation: " + e.effectiveDirective + " blocked " + (e.blockedURI || "inline") + " on " + location.pathname));`;

/** `baseURL`: a file's own web server (support/own-web.ts) rather than the suite's. */
type ContextOptions = { javaScriptEnabled?: boolean; baseURL?: string };

async function newContext(
  browser: Browser,
  locale: string,
  viewport = DESKTOP,
  options: ContextOptions = {},
  violations: string[] = [],
): Promise<BrowserContext> {
  const context = await browser.newContext({ baseURL: inject("baseUrl"), locale, viewport, ...options });
  await context.addInitScript(REPORT_VIOLATIONS);
  context.on("console", (message) => {
    if (message.type() === "error" && /Content Security Policy|CSP violation/i.test(message.text())) violations.push(message.text());
  });
  return context;
}

/** One Chromium for the test file; each test opens its own context (cookies, language). */
export function useBrowser() {
  let browser: Browser | undefined;
  const violations: string[] = [];
  afterEach(() => {
    const seen = violations.splice(0);
    if (seen.length) throw new Error(`The Content Security Policy blocked something:\n${[...new Set(seen)].join("\n")}`);
  });
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });
  return {
    newContext: (locale = "en-US", viewport = DESKTOP, options: ContextOptions = {}) =>
      newContext(browser!, locale, viewport, options, violations),
    /** The violations reported so far in this test, taken so they do not fail it (for tests that provoke one). */
    takeViolations: () => violations.splice(0),
  };
}

export const DEMO_PASSWORD = "sapling-demo";

/**
 * Waits until the page's scripts have taken over (root.tsx marks <html data-hydrated>), or finds
 * there are none (JavaScript off): text typed before that can be lost to the form's first render.
 */
export async function hydrated(page: Page) {
  await page.waitForFunction(() => document.documentElement.dataset.hydrated === "true" || !("__remixContext" in window), undefined, { timeout: 15_000 });
}

export async function logIn(page: Page, email: string, password = DEMO_PASSWORD) {
  await page.goto("/login");
  await hydrated(page);
  await page.locator('input[name="email"]').fill(email);
  await page.locator('input[name="password"]').fill(password);
  await Promise.all([page.waitForURL((url) => !url.pathname.startsWith("/login")), page.locator('main form button[type="submit"]').click()]);
}

/** A screenshot kept with the test output (tests/.artifacts/screenshots), for people to look at. */
export async function keepScreenshot(page: Page, name: string) {
  const { mkdir } = await import("node:fs/promises");
  const path = await import("node:path");
  const dir = path.resolve(__dirname, "../.artifacts/screenshots");
  await mkdir(dir, { recursive: true });
  await page.screenshot({ path: path.join(dir, `${name}.png`), fullPage: true });
}

/** axe-core's serious and critical findings on the page as it is now: must be none. */
export async function seriousAccessibilityProblems(page: Page) {
  const { AxeBuilder } = await import("@axe-core/playwright");
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(", ")})`);
}

/** The texts of the toasts on the page now (components/toaster.tsx, sonner). */
export function toasts(page: Page) {
  return page.locator("[data-sonner-toast] [data-title]").allTextContents();
}
