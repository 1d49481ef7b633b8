import { randomUUID } from "node:crypto";
import { PNG } from "pngjs";
import { describe, expect, inject, it } from "vitest";
import { call, grantAsOperator, newAccount } from "../support/api-client";
import { logIn, toasts, useBrowser } from "../support/browser";
import { useWorkers } from "../support/processes";

const browser = useBrowser();
const workers = useWorkers(() => inject("serviceEnv"));

type Plot = { code: string; centre: { lat: number; lon: number } };

/** A new guardian with a settled plot of Guanba, redeemed through the API. */
async function guardianWithPlot(name: string, m2: number) {
  const account = await newAccount(name);
  await grantAsOperator(account.id, m2 * 520);
  const guanba = ((await call("GET", "/api/v1/projects")).body as { id: string; slug: string }[]).find((p) => p.slug === "guanba-pingwu")!;
  const asked = await call("POST", "/api/v1/redemptions", { projectId: guanba.id, quantity: m2, idempotencyKey: randomUUID() }, account.token);
  expect(asked.status).toBe(202);
  let plots: Plot[] = [];
  await expect
    .poll(
      async () => {
        const redemption = (await call("GET", `/api/v1/redemptions/${asked.body.id}`, undefined, account.token)).body;
        plots = redemption.plots ?? [];
        return redemption.status;
      },
      { timeout: 30_000 },
    )
    .toBe("SETTLED");
  return { ...account, plot: plots[0]! };
}

function photoFile(name: string) {
  const image = new PNG({ width: 64, height: 48 });
  for (let i = 0; i < image.data.length; i += 4) image.data.writeUInt32BE(((i * 2654435761) ^ Date.now()) >>> 0, i);
  return { name, mimeType: "image/png", buffer: PNG.sync.write(image) };
}

describe("evidence for guardians", () => {
  it("an operator records planting with a photo, the same photo is refused for another plot, and the guardian sees it", async () => {
    workers.start();
    const gina = await guardianWithPlot("Gina", 30);
    const hank = await guardianWithPlot("Hank", 12);

    const operatorContext = await browser.newContext("en-US");
    const ops = await operatorContext.newPage();
    await logIn(ops, "operator@sapling.demo");
    await ops.goto("/ops/projects");
    await ops.getByRole("link", { name: "Guanba protected area, Pingwu, Sichuan" }).click();
    await ops.getByRole("link", { name: "Evidence, patrols and news →" }).click();

    const photo = photoFile("gina-stream-bank.png");
    const record = async (plot: Plot, crew: string) => {
      await ops.getByLabel("Plot code").fill(plot.code);
      await ops.getByLabel("GPS latitude").fill(String(plot.centre.lat));
      await ops.getByLabel("GPS longitude").fill(String(plot.centre.lon));
      await ops.getByLabel("Crew").fill(crew);
      await ops.getByTestId("evidence-photos").setInputFiles(photo);
      await ops.getByRole("button", { name: "Record", exact: true }).click();
    };
    await record(gina.plot, "Guanba village crew");
    await expect.poll(() => toasts(ops)).toContain("Recorded; 1 plot moved forward.");
    // The form is empty again for the next record.
    expect(await ops.getByLabel("Crew").inputValue()).toBe("");

    await record(hank.plot, "Guanba village crew");
    await expect
      .poll(() => ops.getByTestId("project-problems").textContent())
      .toContain(`gina-stream-bank.png is already the evidence for plot ${gina.plot.code}`);
    await operatorContext.close();

    // Gina sees her plot planted, on the project's map, and its evidence with the photo.
    const ginaContext = await browser.newContext("en-US");
    const page = await ginaContext.newPage();
    // A phone-sized screen: nothing may need sideways scrolling.
    await page.setViewportSize({ width: 375, height: 800 });
    const fitsThePhone = () => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
    await logIn(page, gina.email, gina.password);
    await page.goto("/plots");
    expect(await fitsThePhone()).toBe(true);
    const group = page.getByTestId("plot-group").filter({ hasText: "Guanba" });
    expect(await group.getByTestId("project-map").count()).toBe(1);
    expect(await group.getByTestId("map-marker").count()).toBe(1);
    const card = group.getByTestId("plot-row").filter({ hasText: gina.plot.code });
    expect(await card.getByTestId("plot-status").textContent()).toBe("Planted");
    await card.getByRole("link", { name: "Details and records" }).click();
    await page.waitForURL(`**/plots/${gina.plot.code}`);
    await page.getByTestId("plot-neighbourhood").waitFor();
    expect(await fitsThePhone()).toBe(true);
    expect((await page.getByTestId("mine").getAttribute("d"))!.length).toBeGreaterThan(0);
    const evidence = page.getByTestId("evidence");
    expect(await evidence.count()).toBe(1);
    expect(await evidence.textContent()).toContain("By Guanba village crew");
    const image = evidence.getByRole("img", { name: "gina-stream-bank.png" });
    await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(64);
    const photoUrl = (await image.getAttribute("src"))!;
    await ginaContext.close();

    // Hank may not open Gina's plot or her photo.
    const hankContext = await browser.newContext("en-US");
    const hankPage = await hankContext.newPage();
    await logIn(hankPage, hank.email, hank.password);
    expect((await hankPage.goto(`/plots/${gina.plot.code}`))!.status()).toBe(404);
    expect((await hankPage.goto(photoUrl))!.status()).toBe(404);
    expect((await hankPage.goto(`/plots/${hank.plot.code}`))!.status()).toBe(200);
    expect(await hankPage.getByText("No records for this plot yet.", { exact: false }).count()).toBe(1);
    await hankContext.close();
  });

  it("shows each project's counters apart, its guardians, products and news to anyone", async () => {
    const context = await browser.newContext("en-US");
    const page = await context.newPage();
    await page.goto("/projects/guanba-pingwu");
    expect(await page.getByTestId("guardians").textContent()).toMatch(/^[\d,]+ new villagers? \(guardians?\)$/);
    for (const counter of ["energyRedeemed", "plotsRedeemed", "areaRedeemed", "plotsPlanted", "plotsVerified"]) {
      expect(await page.getByTestId(`counter-${counter}`).count()).toBe(1);
    }
    expect(await page.getByTestId("products").textContent()).toContain("Guanba wild honey · CN¥88.00 / jar (500 g)");
    expect(await page.getByTestId("feed-news").first().textContent()).toContain("Guanba welcomes its first guardians");
    // Patrol photos are public.
    const patrolPhoto = page.getByTestId("feed-patrol").first().getByRole("img");
    await expect.poll(() => patrolPhoto.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(640);

    await page.goto("/impact");
    expect(await page.getByTestId("impact-project").count()).toBeGreaterThanOrEqual(3);
    expect(await page.getByTestId("impact-total").getByTestId("counter-plotsPlanted").textContent()).toMatch(/^[1-9][\d,]* plots planted/);
    await context.close();
  });
});
