import { schedulers } from "~/queue/schedulers.server";
import { randomBytes } from "node:crypto";
import { describe, expect, inject, it } from "vitest";
import { newAccount, reportAction } from "../support/api-client";
import { unusedCode } from "../support/totp";
import { keepScreenshot, logIn, PHONE, useBrowser } from "../support/browser";

const browser = useBrowser();

describe("operations", () => {
  it("shows the ledger checks, grants energy with a reason, and refuses an overdraft", async () => {
    const context = await browser.newContext("en-US");
    const page = await context.newPage();
    await logIn(page, "operator@sapling.demo");
    await page.goto("/ops/energy");
    expect(await page.getByTestId("ledger-status").textContent()).toBe("The ledger is consistent.");

    await page.getByLabel("Email").fill("guardian@sapling.demo");
    await page.getByLabel("Grams (negative to deduct)").fill("-9999999");
    await page.getByLabel("Reason (compensation, fraud, ...)").fill("fraud check");
    // Energy moved on an operator's word: a code from their authenticator (it covers the next ten minutes).
    await page.getByLabel("Code from your authenticator app").fill(await unusedCode("operator@sapling.demo"));
    await page.getByRole("button", { name: "Apply" }).click();
    await expect.poll(() => page.getByRole("status").textContent()).toBe("A deduction cannot take the balance below zero.");

    await page.goto("/ops/energy");
    await page.getByLabel("Email").fill("guardian@sapling.demo");
    await page.getByLabel("Grams (negative to deduct)").fill("250");
    await page.getByLabel("Reason (compensation, fraud, ...)").fill("compensation for an outage");
    await page.getByTestId("totp-covered").waitFor();
    await page.getByRole("button", { name: "Apply" }).click();
    await expect.poll(() => page.getByRole("status").textContent()).toMatch(/^Done; the user's balance is now [\d,]+ g$/);
    expect(await page.getByTestId("ledger-status").getAttribute("data-ok")).toBe("true");
    await context.close();
  });

  it("holds energy from an implausible report, tells its owner, and lets an operator release it", async () => {
    const walker = await newAccount("Wally");
    const held = await reportAction(walker.email, "walking", new Date(Date.now() - 3600_000), { steps: 250_000 });
    expect(held.body).toMatchObject({ grams: 296, heldForReview: "steps_implausible" });

    const mine = await browser.newContext("en-US", PHONE);
    const phone = await mine.newPage();
    await logIn(phone, walker.email, walker.password);
    await phone.goto("/forest");
    expect(await phone.getByTestId("under-review").textContent()).toBe(
      "296 g from Walking is waiting for a check before it ripens: more than 50,000 steps were reported for one day.",
    );
    await keepScreenshot(phone, "forest-under-review-phone-en");

    const ops = await browser.newContext("en-US");
    const page = await ops.newPage();
    await logIn(page, "operator@sapling.demo");
    await page.goto("/ops/energy");
    const row = page.getByTestId("held-ball").filter({ hasText: "Wally" });
    expect(await row.textContent()).toContain("more than 50,000 steps");
    // Only Wally's: untick the others the list may hold.
    for (const other of await page.getByTestId("held-ball").filter({ hasNotText: "Wally" }).all()) await other.getByRole("checkbox").uncheck();
    await page.getByRole("button", { name: "Release the chosen: they become energy" }).click();
    await expect.poll(() => page.getByTestId("review-result").textContent()).toBe("Released 1 ball; it ripens as usual.");
    await ops.close();

    await phone.reload();
    expect(await phone.getByTestId("under-review").count()).toBe(0);
    expect(await phone.getByTestId("energy-ball").count()).toBeGreaterThan(0);
    await mine.close();
  });

  it("creates a partner, shows its secret once, rotates it, and lists accepted and rejected actions", async () => {
    expect((await reportAction("nobody@nowhere.test", "metro_ride", new Date())).status).toBe(404);
    const dave = await newAccount("Dave");
    expect((await reportAction(dave.email, "e_invoice", new Date(Date.now() - 3600_000))).status).toBe(201);

    const context = await browser.newContext("en-US");
    const page = await context.newPage();
    await logIn(page, "operator@sapling.demo");
    await page.goto("/ops/partners");
    const id = `transit-${randomBytes(3).toString("hex")}`;
    await page.getByLabel("Key id").fill(id);
    await page.getByLabel("Name").fill("City transit");
    await page.getByRole("button", { name: "Create" }).click();
    await expect.poll(() => page.getByTestId("partner-secret").textContent()).toMatch(/The secret is shown this once: sps_/);
    const row = page.getByTestId("partner-row").filter({ hasText: id });
    await row.getByRole("button", { name: "Rotate secret" }).click();
    await row.getByRole("button", { name: "Rotate", exact: true }).click();
    await expect.poll(() => page.getByTestId("partner-secret").textContent()).toContain(`${id} has a new secret.`);

    await page.getByRole("link", { name: "demo-partner" }).click();
    const actions = page.getByTestId("partner-action");
    await expect.poll(() => actions.filter({ hasText: "unknown_user" }).count()).toBeGreaterThanOrEqual(1);
    expect(await actions.filter({ hasText: "e_invoice" }).first().getAttribute("data-status")).toBe("ACCEPTED");
    await context.close();
  });

  it("shows the job queues to operators only, from this machine alone, with a way back", async () => {
    const visitor = await browser.newContext("en-US");
    const visitorPage = await visitor.newPage();
    await visitorPage.goto("/ops/queues");
    expect(new URL(visitorPage.url()).pathname).toBe("/login");
    await visitor.close();

    // Anyone else gets the app's own 403 page, with its header, not a bare "Forbidden".
    const guardian = await browser.newContext("en-US");
    const guardianPage = await guardian.newPage();
    await logIn(guardianPage, "guardian@sapling.demo");
    expect((await guardianPage.goto("/ops/queues"))?.status()).toBe(403);
    expect(await guardianPage.getByRole("heading", { level: 1 }).textContent()).toBe("Not allowed");
    expect(await guardianPage.locator("header.site-header").count()).toBe(1);
    await guardian.close();

    const operator = await browser.newContext("en-US");
    const page = await operator.newPage();
    const origin = new URL(inject("baseUrl")).origin;
    const elsewhere: string[] = [];
    page.on("request", (request) => {
      if (!request.url().startsWith(origin) && !request.url().startsWith("data:")) elsewhere.push(request.url());
    });
    await logIn(page, "operator@sapling.demo");
    await page.goto("/ops");
    await page.getByRole("link", { name: "Job queues" }).click();
    await expect.poll(() => page.getByText("redemption-settlement").count()).toBeGreaterThanOrEqual(1);
    expect(await page.getByText("energy-maintenance").count()).toBeGreaterThanOrEqual(1);
    await page.waitForLoadState("networkidle");
    expect(elsewhere).toEqual([]);

    await page.getByTestId("queues-back").click();
    await page.waitForURL((url) => url.pathname === "/ops");
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Operations");
    await operator.close();
  });

  it("shows an alarm for a signed payment that names no order of ours, until an operator deals with it", async () => {
    // The sandbox's webhook secret is this installation's own: derived here from the same session secret.
    const { resetEnvCache } = await import("~/utils/env.server");
    const { webhookSecret } = await import("~/commerce/stripe-client.server");
    const Stripe = (await import("stripe")).default;
    Object.assign(process.env, inject("serviceEnv"));
    resetEnvCache();
    const sessionId = `cs_stray_${randomBytes(4).toString("hex")}`;
    const payload = JSON.stringify({
      id: `evt_${randomBytes(8).toString("hex")}`,
      object: "event",
      type: "checkout.session.completed",
      created: Math.floor(Date.now() / 1000),
      data: { object: { id: sessionId, object: "checkout.session", client_reference_id: "no-such-order", payment_status: "paid", amount_total: 100, currency: "cny" } },
    });
    const delivered = await fetch(`${inject("baseUrl")}/webhooks/stripe`, {
      method: "POST",
      headers: { "Content-Type": "application/json", "Stripe-Signature": Stripe.webhooks.generateTestHeaderString({ payload, secret: webhookSecret() }) },
      body: payload,
    });
    expect(delivered.status).toBe(200);

    const operator = await browser.newContext("en-US");
    const page = await operator.newPage();
    await logIn(page, "operator@sapling.demo");
    await page.goto("/ops");
    const alarm = page.getByTestId("alarm").filter({ hasText: sessionId });
    expect(await alarm.count()).toBe(1);
    await alarm.getByRole("button", { name: "Mark as dealt with" }).click();
    await expect.poll(() => page.getByTestId("alarm").filter({ hasText: sessionId }).count()).toBe(0);
    expect(await page.getByTestId("scheduler").count()).toBe(schedulers().length);
    // The last scheduled check of the ledgers is shown, and the demo's ledgers hold.
    expect(["true", "unknown"]).toContain(await page.getByTestId("invariants").getAttribute("data-ok"));
    await operator.close();
  });
});
