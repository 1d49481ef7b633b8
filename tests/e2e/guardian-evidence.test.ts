import sharp from "sharp";
import { declaredPng } from "../support/images";
import { describe, expect, inject, it } from "vitest";
import { keepScreenshot, logIn, toasts, useBrowser } from "../support/browser";
import { useWorkers } from "../support/processes";
import { fillEvidence, guanbaGuardian, photoUpload, type Plot } from "../support/guanba";

const browser = useBrowser();
const workers = useWorkers(() => inject("serviceEnv"));

const guardianWithPlot = guanbaGuardian;

type PhotoUpload = { name: string; mimeType: string; buffer: Buffer };

/** The operator on Guanba's evidence page, and a way to record planting of a plot with one photo. */
async function guanbaEvidencePage() {
  const context = await browser.newContext("en-US");
  const ops = await context.newPage();
  await logIn(ops, "operator@sapling.demo");
  await ops.goto("/ops/projects");
  await ops.getByRole("link", { name: "Guanba protected area, Pingwu, Sichuan" }).click();
  await ops.getByRole("link", { name: "Evidence, patrols and news →" }).click();
  type Extra = { kind?: string; date?: string; year?: string; lost?: string };
  const record = async (plot: Plot, crew: string, photo: PhotoUpload, extra: Extra = {}) => {
    if (extra.kind) await ops.getByLabel("Kind").selectOption({ label: extra.kind });
    if (extra.date) await ops.getByLabel("Date").first().fill(extra.date); // the evidence form comes first
    if (extra.year) await ops.getByLabel("Survival audit: years after planting").selectOption({ label: extra.year });
    if (extra.lost) await ops.getByLabel("Survival audit: codes of the plots found lost").fill(extra.lost);
    await fillEvidence(ops, plot, crew);
    await ops.getByTestId("evidence-photos").setInputFiles(photo);
    await ops.getByRole("button", { name: "Record", exact: true }).click();
  };
  return { context, ops, record };
}

const photoFile = (name: string) => photoUpload(name);

/** A China day `days` before today. */
const daysAgo = (days: number) => new Date(Date.now() + 8 * 3600_000 - days * 86_400_000).toISOString().slice(0, 10);

describe("evidence for guardians", () => {
  it("a survival audit finds a plot lost: its guardian sees it due for replanting by a date, then replanted", async () => {
    workers.start();
    const jade = await guardianWithPlot("Jade", 8);
    const { context: operatorContext, ops, record } = await guanbaEvidencePage();
    await record(jade.plot, "Guanba village crew", photoFile("jade-planting.png"), { date: daysAgo(400) });
    await expect.poll(() => toasts(ops)).toContain("Recorded; 1 plot moved forward.");
    await record(jade.plot, "Survey team", photoFile("jade-survey.png"), { kind: "Survival audit", year: "1 year after planting", lost: jade.plot.code.toLowerCase() });
    const replantBy = daysAgo(-180);
    await expect.poll(() => toasts(ops)).toContain(`Recorded: 0 surviving, 1 lost (to be replanted by ${replantBy}), 0 not due, not planted or already checked.`);

    // Jade, in Chinese on a phone, sees it.
    const jadeContext = await browser.newContext("zh-CN");
    const page = await jadeContext.newPage();
    await page.setViewportSize({ width: 390, height: 844 });
    await logIn(page, jade.email, jade.password);
    await page.goto(`/plots/${jade.plot.code}`);
    expect(await page.getByTestId("plot-status").textContent()).toBe("待补种");
    expect(await page.getByTestId("replant-by").textContent()).toBe(`存活核查发现已死亡；将于 ${replantBy} 前补种。`);
    expect(await page.getByTestId("survival-outcome").allTextContents()).toEqual(["死亡"]);
    await keepScreenshot(page, "plot-replant-due-phone");

    // Replanting names the plot and makes it planted again.
    await record(jade.plot, "Guanba village crew", photoFile("jade-replanting.png"), { kind: "Replanting" });
    await expect
      .poll(async () => {
        await page.reload();
        return page.getByTestId("plot-status").textContent();
      })
      .toBe("已种植");
    expect(await page.getByTestId("replant-by").count()).toBe(0);
    await operatorContext.close();
    await jadeContext.close();
  });

  it("an operator records planting with a photo, the same photo is refused for another plot, and the guardian sees it", async () => {
    workers.start();
    const gina = await guardianWithPlot("Gina", 30);
    const hank = await guardianWithPlot("Hank", 12);

    const { context: operatorContext, ops, record: recordWith } = await guanbaEvidencePage();
    const photo = photoFile("gina-stream-bank.png");
    const record = (plot: Plot, crew: string) => recordWith(plot, crew, photo);
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
    // The interactive map takes the drawing's place once MapLibre has drawn it (maps.test.ts).
    await group.locator('[data-testid="live-map"][data-loaded="true"]').waitFor();
    const card = group.getByTestId("plot-row").filter({ hasText: gina.plot.code });
    expect(await card.getByTestId("plot-status").textContent()).toBe("Planted");
    await card.getByRole("link", { name: "Details and records" }).click();
    await page.waitForURL(`**/plots/${gina.plot.code}`);
    // (Until the plot page has come, the list's map is still on screen.)
    await page.locator('[data-testid="live-map"][data-loaded="true"][aria-label^="Map of plot"]').waitFor();
    expect(await fitsThePhone()).toBe(true);
    const evidence = page.getByTestId("evidence");
    expect(await evidence.count()).toBe(1);
    expect(await evidence.textContent()).toContain("By Guanba village crew");
    const image = evidence.getByRole("img", { name: "gina-stream-bank.png" });
    await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(64);
    const photoUrl = (await image.getAttribute("src"))!;
    await ginaContext.close();

    // Hank may not open Gina's plot page; its evidence photo is public, as her certificate shows it.
    const hankContext = await browser.newContext("en-US");
    const hankPage = await hankContext.newPage();
    await logIn(hankPage, hank.email, hank.password);
    expect((await hankPage.goto(`/plots/${gina.plot.code}`))!.status()).toBe(404);
    expect((await hankPage.goto(photoUrl))!.status()).toBe(200);
    expect((await hankPage.goto(`/plots/${hank.plot.code}`))!.status()).toBe(200);
    expect(await hankPage.getByText("No records for this plot yet.", { exact: false }).count()).toBe(1);
    await hankContext.close();
  });

  it("serves photos without the photographer's device or position, as thumbnails on pages, and refuses one with too many pixels", async () => {
    workers.start();
    const ivy = await guardianWithPlot("Ivy", 6);
    const { context: operatorContext, ops, record: recordWith } = await guanbaEvidencePage();
    const record = (file: PhotoUpload) => recordWith(ivy.plot, "Guanba village crew", file);
    // A file declaring 100,000 × 100,000 pixels is refused from its header, saying why.
    await record({ name: "bomb.png", mimeType: "image/png", buffer: declaredPng(100_000, 100_000) });
    await expect.poll(() => ops.getByTestId("project-problems").textContent()).toContain("bomb.png has more than 50 million pixels");

    // A phone photo, sideways, with the device and a GPS position in its EXIF.
    const taken = await sharp({ create: { width: 1600, height: 1200, channels: 3, background: { r: 70, g: 120 + (Date.now() % 100), b: 60 } } })
      .jpeg()
      .withExif({ IFD0: { Make: "Sapling", Model: "FieldPhone" }, IFD3: { GPSLatitudeRef: "N", GPSLatitude: "32/1 36/1 0/1", GPSLongitudeRef: "E", GPSLongitude: "104/1 18/1 0/1" } })
      .withMetadata({ orientation: 6 })
      .toBuffer();
    await record({ name: "ivy-planting.jpg", mimeType: "image/jpeg", buffer: taken });
    await expect.poll(() => toasts(ops)).toContain("Recorded; 1 plot moved forward.");
    await operatorContext.close();

    const ivyContext = await browser.newContext("en-US");
    const page = await ivyContext.newPage();
    await logIn(page, ivy.email, ivy.password);
    await page.goto(`/plots/${ivy.plot.code}`);
    const image = page.getByTestId("evidence").getByRole("img", { name: "ivy-planting.jpg" });
    // The page shows the thumbnail, upright; the link opens the full picture.
    await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.complete && [img.naturalWidth, img.naturalHeight])).toEqual([480, 640]);
    const thumbUrl = (await image.getAttribute("src"))!;
    expect(thumbUrl).toMatch(/\?size=thumb$/);
    for (const url of [thumbUrl, thumbUrl.replace("?size=thumb", "")]) {
      const served = await page.request.get(url);
      expect(served.status()).toBe(200);
      const bytes = Buffer.from(await served.body());
      const meta = await sharp(bytes).metadata();
      expect(meta.exif).toBeUndefined();
      expect(bytes.includes(Buffer.from("FieldPhone"))).toBe(false);
    }
    expect(await sharp(Buffer.from(await (await page.request.get(thumbUrl.replace("?size=thumb", ""))).body())).metadata()).toMatchObject({ width: 1200, height: 1600 });
    // The position stays with the record, as data.
    expect(await page.getByTestId("evidence").textContent()).toContain(`GPS ${ivy.plot.centre.lat.toFixed(6)}`);
    await ivyContext.close();
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
