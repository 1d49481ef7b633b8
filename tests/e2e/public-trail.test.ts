import { createHash } from "node:crypto";
import { describe, expect, inject, it } from "vitest";
import { verifyDownloadedRows, type LogRow } from "~/transparency/public-log.server";
import { GUANBA_HOUSEHOLDS } from "../../prisma/seed-households";
import { keepScreenshot, logIn, PHONE, useBrowser } from "../support/browser";
import { fillEvidence, guanbaGuardian, photoUpload } from "../support/guanba";
import { useWorkers } from "../support/processes";

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
});
