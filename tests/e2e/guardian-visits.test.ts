import { describe, expect, inject, it } from "vitest";
import { keepScreenshot, logIn, PHONE, useBrowser } from "../support/browser";
import { phonePhoto } from "../support/images";
import { newAccount, grantAsOperator, call } from "../support/api-client";
import { randomUUID } from "node:crypto";
import { useWorkers } from "../support/processes";

// A guardian at their plot records a visit from the plot page: the photo's GPS, or the phone's
// position when the photo has none, must be within 100 m; the visit shows as theirs, apart from the
// operators' records, and the plot stays as it was.

const browser = useBrowser();
const workers = useWorkers(() => inject("serviceEnv"));

const north = ({ lat, lon }: { lat: number; lon: number }, metres: number) => ({ lat: lat + metres / 110_900, lon });

async function guardian() {
  workers.start();
  const account = await newAccount("Visitor");
  await grantAsOperator(account.id, 2_000);
  const guanba = ((await call("GET", "/api/v1/projects")).body as { id: string; slug: string }[]).find((p) => p.slug === "guanba-pingwu")!;
  const asked = await call("POST", "/api/v1/redemptions", { projectId: guanba.id, quantity: 3, idempotencyKey: randomUUID() }, account.token);
  await expect.poll(async () => (await call("GET", `/api/v1/redemptions/${asked.body.id}`, undefined, account.token)).body.status, { timeout: 60_000 }).toBe("SETTLED");
  const redemption = (await call("GET", `/api/v1/redemptions/${asked.body.id}`, undefined, account.token)).body as { plots: { code: string; centre: { lat: number; lon: number } }[] };
  return { account, plot: redemption.plots[0]! };
}

describe("a guardian's visit", () => {
  it("is recorded from a photo taken at the plot, refused from 300 m away, and shown as the guardian's own", async () => {
    const { account, plot } = await guardian();
    const context = await browser.newContext("en-US");
    const page = await context.newPage();
    await logIn(page, account.email, account.password);
    await page.goto(`/plots/${plot.code}`);
    const status = await page.getByTestId("plot-status").textContent();
    expect(await page.getByText("No visits yet.").count()).toBe(1);

    // From 300 m away (the photo's own GPS): refused, saying how far.
    await page.getByTestId("visit-photo").setInputFiles({ name: "far.jpg", mimeType: "image/jpeg", buffer: await phonePhoto(north(plot.centre, 300)) });
    await page.getByRole("button", { name: "Record my visit" }).click();
    await expect.poll(() => page.getByRole("alert").first().textContent()).toMatch(/^The photo was taken (29\d|30\d) m from your plot; a visit must be within 100 m of it\.$/);
    expect(await page.getByTestId("visit").count()).toBe(0);

    // At the plot: recorded, listed as a guardian's visit with its photo, not among the records.
    await page.getByTestId("visit-photo").setInputFiles({ name: "at-my-plot.jpg", mimeType: "image/jpeg", buffer: await phonePhoto(north(plot.centre, 5)) });
    await page.getByLabel("Note (optional)").fill("First visit");
    await page.getByRole("button", { name: "Record my visit" }).click();
    await expect.poll(() => page.getByTestId("visit").count()).toBe(1);
    const visit = page.getByTestId("visit");
    expect(await visit.textContent()).toContain("Guardian's visit");
    expect(await visit.textContent()).toMatch(/\d+ m from the plot, by the photo's GPS/);
    expect(await visit.textContent()).toContain("First visit");
    await expect.poll(() => visit.getByRole("img", { name: "at-my-plot.jpg" }).evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBeGreaterThan(0);
    expect(await page.getByTestId("evidence").count()).toBe(0);
    expect(await page.getByTestId("plot-status").textContent()).toBe(status);
    await keepScreenshot(page, "guardian-visit-desktop");
    // And in the guardian's feed on My plots.
    await page.goto("/plots");
    await expect.poll(() => page.getByTestId("guardian-feed-visit").textContent()).toMatch(new RegExp(`^\\d{4}-\\d{2}-\\d{2} ${plot.code} — your visit, \\d+ m from the plot$`));
    await context.close();
  });

  it("takes the phone's position for a photo without GPS, on a phone in Chinese", async () => {
    const { account, plot } = await guardian();
    const context = await browser.newContext("zh-CN", PHONE);
    await context.grantPermissions(["geolocation"]);
    await context.setGeolocation({ latitude: plot.centre.lat, longitude: plot.centre.lon, accuracy: 8 });
    const page = await context.newPage();
    await logIn(page, account.email, account.password);
    await page.goto(`/plots/${plot.code}`);
    await page.getByTestId("visit-photo").setInputFiles({ name: "no-gps.jpg", mimeType: "image/jpeg", buffer: await phonePhoto(null) });
    await expect.poll(() => page.getByTestId("visit-position").textContent()).toContain("手机位置");
    await page.getByRole("button", { name: "记录我的探访" }).click();
    await expect.poll(() => page.getByTestId("visit").count()).toBe(1);
    expect(await page.getByTestId("visit").textContent()).toMatch(/距地块 \d+ 米（手机位置）/);
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await keepScreenshot(page, "guardian-visit-phone-zh");
    await context.close();
  });
});
