import { createHash } from "node:crypto";
import jsQR from "jsqr";
import { PNG } from "pngjs";
import { describe, expect, inject, it } from "vitest";
import { verifyDownloadedRows, type LogRow } from "~/transparency/public-log.server";
import { GUANBA_HOUSEHOLDS } from "../../prisma/seed-households";
import { newAccount } from "../support/api-client";
import { keepScreenshot, logIn, PHONE, useBrowser } from "../support/browser";
import { fillEvidence, guanbaGuardian, photoUpload } from "../support/guanba";
import { useWorkers } from "../support/processes";
import { fillDelivery } from "../support/shop";

// Anyone, signed in or not, can follow a plot to the records on the ground: its public
// certificate, a check of a photo, the public log. Nothing public names a crew's members or a
// registered household.

const browser = useBrowser();
const workers = useWorkers(() => inject("serviceEnv"));

const sha256 = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");
/** Household heads and registration codes of the demo (prisma/seed-households.ts): never on a public page. */
const householdWords = GUANBA_HOUSEHOLDS.split("\n")
  .slice(1)
  .flatMap((line) => line.split(",").slice(0, 2));
const CREW = "Li Wei's crew";

describe("the public trail of a plot", () => {
  it("shows anyone a certificate's steps and records with crew size and photo hashes, checks a photo by file or hash, and logs the record", async () => {
    workers.start();
    const kim = await guanbaGuardian("Kim", 6);
    const picture = photoUpload("kim-planting.png");

    const opsContext = await browser.newContext("en-US");
    const ops = await opsContext.newPage();
    await logIn(ops, "operator@sapling.demo");
    await ops.goto("/ops/projects");
    await ops.getByRole("link", { name: "Guanba protected area, Pingwu, Sichuan" }).click();
    await ops.getByRole("link", { name: "Evidence, patrols and news →" }).click();
    await fillEvidence(ops, kim.plot, CREW, 5);
    await ops.getByTestId("evidence-photos").setInputFiles(picture);
    await ops.getByRole("button", { name: "Record", exact: true }).click();
    await expect.poll(() => ops.getByText("Recorded; 1 plot moved forward.").count()).toBe(1);
    await opsContext.close();

    // Nobody signed in, on a phone.
    const context = await browser.newContext("en-US", PHONE);
    const page = await context.newPage();
    const publicText = async () => {
      const text = (await page.locator("body").textContent())!;
      for (const word of [CREW, "Li Wei", ...householdWords]) expect(text).not.toContain(word);
      return text;
    };
    expect((await page.goto(`/certificates/${kim.certificateNumber}`))!.status()).toBe(200);
    const timeline = page.getByTestId("certificate-timeline");
    expect(await timeline.locator("[data-step]").evaluateAll((steps) => steps.map((s) => s.getAttribute("data-step")))).toEqual(["ALLOCATED", "PLANTED"]);
    const record = page.getByTestId("certificate-evidence-record");
    expect(await record.count()).toBe(1);
    expect(await record.textContent()).toContain("crew of 5");
    expect(await record.textContent()).toContain(`GPS ${kim.plot.centre.lat.toFixed(6)}`);
    expect(await record.getByTestId("photo-sha256").textContent()).toBe(sha256(picture.buffer));
    await expect.poll(() => record.getByRole("img").evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBeGreaterThan(0);
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await publicText();
    await keepScreenshot(page, "certificate-public-record-phone");

    // "Is this photo on record?": the file itself, then a pasted hash not on record, then nonsense.
    await page.getByTestId("check-photo-link").click();
    await page.getByTestId("check-file").setInputFiles(picture);
    await page.getByRole("button", { name: "Check" }).click();
    const result = page.getByTestId("check-result");
    await expect.poll(() => result.getAttribute("data-found")).toBe("yes");
    expect(await result.textContent()).toContain(`Planting of ${kim.plot.code}`);
    expect(await result.textContent()).toContain(sha256(picture.buffer));
    expect(await result.getByRole("link", { name: `See certificate ${kim.certificateNumber}` }).count()).toBe(1);
    await publicText();
    await keepScreenshot(page, "photo-check-found-phone");

    const stranger = sha256(photoUpload("never-sent.png").buffer);
    await page.getByLabel("or its SHA-256").fill(stranger);
    await page.getByRole("button", { name: "Check" }).click();
    await expect.poll(() => page.url()).toContain(`sha256=${stranger}`);
    await expect.poll(() => result.getAttribute("data-found")).toBe("no");
    expect(await result.textContent()).toContain("Not on record");
    await page.getByLabel("or its SHA-256").fill("not a hash");
    await page.getByRole("button", { name: "Check" }).click();
    await expect.poll(() => page.getByRole("alert").textContent()).toBe("A SHA-256 is 64 characters, 0–9 and a–f.");

    // The public log has the record, and its day's rows hash up as the page says.
    await page.goto("/transparency");
    await page.getByTestId("public-log-link").click();
    await page.getByTestId("log-latest").waitFor();
    expect(await page.getByTestId("log-row").filter({ hasText: `Planting of ${kim.plot.code}` }).count()).toBe(1);
    await publicText();
    await keepScreenshot(page, "public-log-phone");
    const download = page.getByTestId("log-open").getByRole("link").first();
    const rowsText = await (await fetch(`${inject("baseUrl")}${await download.getAttribute("href")}`)).text();
    const rows = rowsText.trim().split("\n").map((line) => JSON.parse(line) as LogRow);
    expect(verifyDownloadedRows(rows)).toBeNull();
    const logged = rows.find((row) => row.body.includes(sha256(picture.buffer)))!;
    expect(JSON.parse(logged.body).data).toMatchObject({ kind: "PLANTING", plot: kim.plot.code, crewSize: 5 });
    expect(rowsText).not.toContain("Li Wei");
    for (const word of householdWords) expect(rowsText).not.toContain(word);

    // The county's page: what was redeemed, planted and verified, and its money day by day.
    await page.goto("/transparency");
    await page.getByRole("link", { name: "Pingwu County, Sichuan" }).click();
    await page.getByTestId("movements").waitFor();
    expect(await page.getByTestId("counter-plotsPlanted").first().textContent()).toMatch(/^[\d,]+ plots planted/);
    expect(await page.getByTestId("movement").filter({ hasText: "owed to households" }).count()).toBeGreaterThan(0);
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await publicText();
    await keepScreenshot(page, "county-transparency-phone");
    const csv = await (await fetch(`${inject("baseUrl")}${await page.getByTestId("movements-csv").getAttribute("href")}`)).text();
    expect(csv).toContain("day,account_kind,credits_fen,debits_fen,transactions");
    expect(csv).toContain(",HOUSEHOLD_PAYABLE,");
    for (const word of householdWords) expect(csv).not.toContain(word);

    // The same certificate in Chinese.
    const zh = await browser.newContext("zh-CN");
    const zhPage = await zh.newPage();
    await zhPage.goto(`/certificates/${kim.certificateNumber}`);
    expect(await zhPage.getByTestId("certificate-evidence-record").textContent()).toContain("5 人");
    expect(await zhPage.getByTestId("certificate-timeline").textContent()).toContain("种植");
    await keepScreenshot(zhPage, "certificate-public-record-zh");
    await zh.close();
    await context.close();
  });

  it("prints a trace code and QR on a shipped order that anyone can scan to the honey's land, records and households", async () => {
    workers.start();
    const chinaDay = (daysAgo: number) => new Date(Date.now() + 8 * 3600_000 - daysAgo * 86_400_000).toISOString().slice(0, 10);

    // An operator records this season's honey as a batch.
    const opsContext = await browser.newContext("en-US");
    const ops = await opsContext.newPage();
    await logIn(ops, "operator@sapling.demo");
    await ops.goto("/ops/products");
    await ops.getByRole("link", { name: "Guanba wild honey" }).click();
    const batches = ops.getByTestId("batches");
    await batches.getByLabel("Harvested or made from").fill(chinaDay(30));
    await batches.getByLabel("to", { exact: true }).fill(chinaDay(0));
    await batches.getByLabel("Units in the batch").fill("500");
    await batches.getByRole("button", { name: "Record batch" }).click();
    await expect.poll(() => ops.getByTestId("batch-recorded").textContent()).toMatch(/^Batch recorded: trace code [23456789ABCDEFGHJKMNPQRSTVWXYZ]{10}\.$/);
    const code = (await ops.getByTestId("batch-recorded").textContent())!.match(/code (\w+)\./)![1]!;

    // Someone buys a jar; the operator ships it, packed from the batch.
    const buyer = await newAccount("Lin");
    const context = await browser.newContext("en-US", PHONE);
    const page = await context.newPage();
    await logIn(page, buyer.email, buyer.password);
    await page.goto("/shop?project=guanba-pingwu");
    await page.getByTestId("product").filter({ hasText: "Guanba wild honey" }).getByRole("button", { name: "Add to cart" }).click();
    await page.waitForURL("**/cart");
    await page.getByRole("button", { name: "Check out" }).click();
    await page.waitForURL("**/sandbox/checkout/*");
    await fillDelivery(page, { name: "Lin Qing" });
    await page.getByRole("button", { name: "Simulate a successful payment" }).click();
    await page.waitForURL("**/orders/*");
    await expect.poll(() => page.getByTestId("order-status").getAttribute("data-status")).toBe("PAID");
    await ops.goto(new URL(page.url()).pathname);
    await ops.getByLabel("Carrier").fill("SF Express");
    await ops.getByLabel("Tracking number").fill("SF9876543210");
    await ops.getByRole("button", { name: "Mark shipped" }).click();
    await expect.poll(() => ops.getByTestId("ship-result").textContent()).toBe("Marked shipped; the buyer has been told.");
    await opsContext.close();

    // The buyer's order shows the code and its QR; a phone's camera reads the QR as the trace page.
    await page.reload();
    expect(await page.getByTestId("trace-code").textContent()).toContain(code);
    const shot = PNG.sync.read(await page.getByTestId("trace-qr").screenshot());
    const scanned = jsQR(new Uint8ClampedArray(shot.data), shot.width, shot.height)?.data;
    expect(scanned).toBe(`${inject("baseUrl")}/trace/${code}`);
    await keepScreenshot(page, "order-trace-code-phone");

    // Anyone, not signed in, scans it.
    const anonymous = await browser.newContext("en-US", PHONE);
    const scanner = await anonymous.newPage();
    expect((await scanner.goto(scanned!))!.status()).toBe(200);
    expect(await scanner.getByTestId("trace-code").textContent()).toBe(code);
    expect(await scanner.getByTestId("trace-place").textContent()).toContain("Guanba protected area");
    // The records and patrols of the area in those 30 days: the demo's planting and patrol at least.
    expect(await scanner.getByTestId("certificate-evidence-record").count()).toBeGreaterThan(0);
    expect(await scanner.getByTestId("trace-patrol").count()).toBeGreaterThan(0);
    await expect
      .poll(async () => {
        await scanner.reload();
        return scanner.getByTestId("order-trail").textContent();
      })
      .toContain("was credited to 5 registered households.");
    // Everything the page carries (its data included), not only what it shows.
    const text = await scanner.content();
    for (const word of [buyer.email, "Lin Qing", "138 0013 8000", "13800138000", ...householdWords]) expect(text).not.toContain(word);
    expect(await scanner.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await keepScreenshot(scanner, "trace-phone-en");
    expect((await scanner.goto("/trace/NOSUCHCODE"))!.status()).toBe(404);
    await anonymous.close();
    await context.close();
  });
});
