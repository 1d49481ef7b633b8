import { createHash } from "node:crypto";
import jsQR from "jsqr";
import pg from "pg";
import { PNG } from "pngjs";
import { describe, expect, inject, it } from "vitest";
import { GUANBA_HOUSEHOLDS } from "../../prisma/seed-households";
import { keepScreenshot, logIn, PHONE, useBrowser } from "../support/browser";
import { photoUpload } from "../support/guanba";
import { useOwnWebServer } from "../support/own-web";
import { useWorkers } from "../support/processes";
import { fillDelivery } from "../support/shop";
import { unusedCode } from "../support/totp";

// Households as growers, counted in public and never named; a guardian's land leading to its
// products, the plot remembered on her order; and her jar traced to the payout batch that carried
// its households' share. A demo of its own (database, web server, workers, queues): it pays and
// ships, and the other files count the shared demo's payouts and packs.

const browser = useBrowser();
const QUEUES = { QUEUE_PREFIX: "landtable" };
const own = useOwnWebServer("landtable", QUEUES);
const workers = useWorkers(() => ({ ...inject("serviceEnv"), ...QUEUES, DATABASE_URL: own.databaseUrl }));

const sha256 = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");
const householdWords = GUANBA_HOUSEHOLDS.split("\n")
  .slice(1)
  .flatMap((line) => line.split(",").slice(0, 2));
const chinaToday = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
const open = (locale: string, viewport?: { width: number; height: number }) => browser.newContext(locale, viewport, { baseURL: own.base });

/** The demo guardian's plot of Guanba and its certificate, from this file's database. */
async function guardiansPlot() {
  const sql = new pg.Client({ connectionString: own.databaseUrl });
  await sql.connect();
  try {
    const { rows } = await sql.query<{ code: string; certificate: string }>(`
      SELECT p.code, r."certificateNumber" AS certificate FROM "Plot" p
      JOIN "User" u ON u.id = p."holderId" JOIN "Project" pr ON pr.id = p."projectId" JOIN "Redemption" r ON r.id = p."redemptionId"
      WHERE u.email = 'guardian@sapling.demo' AND pr.slug = 'guanba-pingwu' ORDER BY p.code LIMIT 1`);
    return rows[0]!;
  } finally {
    await sql.end();
  }
}

let traceCode = "";

describe("households at work and land to table", () => {
  it("records who harvested a batch, with its photos; anyone tracing it sees how many households and the photos, never who", async () => {
    const opsContext = await open("en-US");
    const ops = await opsContext.newPage();
    await logIn(ops, "operator@sapling.demo");
    await ops.goto("/ops/products");
    await ops.getByRole("link", { name: "Guanba wild honey" }).click();
    const batches = ops.getByTestId("batches");
    await batches.getByLabel("Harvested or made from").fill(chinaToday());
    await batches.getByLabel("to", { exact: true }).fill(chinaToday());
    await batches.getByLabel("Units in the batch").fill("40");
    const picture = photoUpload("harvest.png", 320, 240);

    // A code that is not one of the village's households refuses the whole batch.
    await batches.getByTestId("workers").fill("GB-0001, GB-9999");
    await batches.getByTestId("batch-photos").setInputFiles(picture);
    await batches.getByRole("button", { name: "Record batch" }).click();
    await expect.poll(() => batches.getByRole("alert").first().textContent()).toBe("These are not active registered households of this project: GB-9999.");
    expect(await batches.getByTestId("batch-recorded").count()).toBe(0);

    await batches.getByTestId("workers").fill("GB-0001\nGB-0003");
    await batches.getByTestId("batch-photos").setInputFiles(picture);
    await batches.getByRole("button", { name: "Record batch" }).click();
    await expect.poll(() => ops.getByTestId("batch-recorded").textContent()).toMatch(/^Batch recorded: trace code \w{10}\.$/);
    traceCode = (await ops.getByTestId("batch-recorded").textContent())!.match(/code (\w+)\./)![1]!;
    await opsContext.close();

    // Anyone, on a phone.
    const context = await open("en-US", PHONE);
    const page = await context.newPage();
    expect((await page.goto(`/trace/${traceCode}`))!.status()).toBe(200);
    expect(await page.getByTestId("trace-harvested-by").textContent()).toBe("2 registered households harvested it.");
    const photos = page.getByTestId("trace-photos");
    expect(await photos.getByTestId("photo-sha256").textContent()).toBe(sha256(picture.buffer));
    await expect.poll(() => photos.getByRole("img").evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBeGreaterThan(0);
    const html = await page.content();
    for (const word of householdWords) expect(html).not.toContain(word);
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await keepScreenshot(page, "trace-harvest-phone");

    // The photo check knows the batch's photo.
    await page.goto(`/photos/check?sha256=${sha256(picture.buffer)}`);
    expect(await page.getByTestId("check-result").textContent()).toContain(`Photo of batch ${traceCode} of Guanba wild honey`);

    // The project's page: how many of its registered households worked this year, no names.
    await page.goto("/projects/guanba-pingwu");
    expect(await page.getByTestId("households-at-work").textContent()).toMatch(/^2 of its 5 registered households worked this year \(40 %\)/);
    await keepScreenshot(page, "project-households-at-work-phone");
    await context.close();

    const zh = await open("zh-CN");
    const zhPage = await zh.newPage();
    await zhPage.goto(`/trace/${traceCode}`);
    expect(await zhPage.getByTestId("trace-harvested-by").textContent()).toBe("2 户在册农户参与采收。");
    await zhPage.goto("/projects/guanba-pingwu");
    expect(await zhPage.getByTestId("households-at-work").textContent()).toMatch(/^在册 5 户中有 2 户今年参与了劳动（40%）/);
    await zh.close();
  });

  it("leads a guardian from her plot to its honey; her order records the land, and the jar is traced to the payout batch that paid its households", async () => {
    workers.start();
    const plot = await guardiansPlot();
    const context = await open("en-US", PHONE);
    const page = await context.newPage();

    // Her public certificate lists what the land's villages make, for anyone.
    await page.goto(`/certificates/${plot.certificate}`);
    expect(await page.getByTestId("land-to-table").getByRole("link", { name: "Guanba wild honey" }).getAttribute("href")).toBe("/shop/guanba-wild-honey");

    await logIn(page, "guardian@sapling.demo");
    await page.goto(`/plots/${plot.code}`);
    const fromPlot = page.getByTestId("land-to-table");
    expect(await fromPlot.getByRole("heading").textContent()).toBe("From your land to your table");
    await keepScreenshot(page, "plot-land-to-table-phone");
    await fromPlot.getByRole("link", { name: "Guanba wild honey" }).click();
    await page.waitForURL(`**/shop/guanba-wild-honey?plot=${plot.code}`);
    expect(await page.getByTestId("from-plot").textContent()).toContain(`Added from your plot ${plot.code}`);
    await page.getByRole("button", { name: "Add to cart" }).click();
    await page.waitForURL("**/cart");
    await expect.poll(() => page.getByTestId("cart-item").count()).toBe(1);
    expect(await page.getByTestId("cart-plot").textContent()).toContain(`From your plot ${plot.code}`);
    await keepScreenshot(page, "cart-from-plot-phone");
    await page.getByRole("button", { name: "Check out" }).click();
    await page.waitForURL("**/sandbox/checkout/*");
    await fillDelivery(page, { name: "Lin Shouhu" });
    await page.getByRole("button", { name: "Simulate a successful payment" }).click();
    await page.waitForURL("**/orders/*");
    await expect.poll(() => page.getByTestId("order-status").getAttribute("data-status")).toBe("PAID");
    expect(await page.getByTestId("line-plot").textContent()).toBe(`From your plot ${plot.code}`);
    const orderPath = new URL(page.url()).pathname;

    // The area counts her among the guardians who bought, once the sale is in the ledger.
    const visitor = await (await open("en-US")).newPage();
    await expect
      .poll(async () => {
        await visitor.goto("/projects/guanba-pingwu");
        return visitor.getByTestId("guardian-buyers").count();
      })
      .toBe(1);
    expect(await visitor.getByTestId("guardian-buyers").textContent()).toMatch(/^1 guardian of this land bought its products: CN¥[\d.]+ reached its households through them\.$/);

    // Shipped from the batch; the operators pay the households; the jar's code leads to the batch that paid.
    const maker = await (await open("en-US")).newPage();
    await logIn(maker, "operator@sapling.demo");
    await maker.goto(orderPath);
    expect(await maker.getByTestId("line-plot").textContent()).toBe(`From the buyer's plot ${plot.code}`);
    await maker.getByLabel("Carrier").fill("SF Express");
    await maker.getByLabel("Tracking number").fill("SF1234567890");
    await maker.getByRole("button", { name: "Mark shipped" }).click();
    await expect.poll(() => maker.getByTestId("ship-result").textContent()).toBe("Marked shipped; the buyer has been told.");
    await maker.goto("/ops/payouts");
    await maker.getByLabel("Project").selectOption({ label: "Guanba protected area, Pingwu, Sichuan" });
    await maker.getByRole("button", { name: "Dry run" }).click();
    await maker.getByTestId("batch-preview").waitFor();
    await maker.getByRole("button", { name: /Build the batch: 5 households/ }).click();
    await maker.waitForURL(/\/ops\/payouts\/[a-z0-9]+$/);
    const checker = await (await open("en-US")).newPage();
    await logIn(checker, "checker@sapling.demo");
    await checker.goto(new URL(maker.url()).pathname);
    await checker.getByRole("button", { name: "Approve and pay" }).click();
    await checker.getByLabel("Code from your authenticator app").fill(await unusedCode("checker@sapling.demo", { databaseUrl: own.databaseUrl }));
    await checker.getByRole("button", { name: "Yes, approve" }).click();
    await expect.poll(() => checker.getByTestId("batch-status").getAttribute("data-status"), { timeout: 30_000 }).toBe("AWAITING_CONFIRMATION");

    // Her order's QR, scanned by anyone: the place, who harvested (counted) and the batch that paid.
    await page.reload();
    expect(await page.getByTestId("trace-code").textContent()).toContain(traceCode);
    const shot = PNG.sync.read(await page.getByTestId("trace-qr").screenshot());
    const scanned = jsQR(new Uint8ClampedArray(shot.data), shot.width, shot.height)?.data;
    expect(scanned).toBe(`${own.base}/trace/${traceCode}`);
    const anonymous = await open("en-US", PHONE);
    const scanner = await anonymous.newPage();
    expect((await scanner.goto(scanned!))!.status()).toBe(200);
    expect(await scanner.getByTestId("trace-place").textContent()).toContain("Guanba protected area");
    expect(await scanner.getByTestId("trace-harvested-by").textContent()).toBe("2 registered households harvested it.");
    expect(await scanner.getByTestId("trail-batch").first().textContent()).toMatch(/^Paid out in the batch for \d{4}-\d{2}-\d{2} to \d{4}-\d{2}-\d{2}: CN¥[\d.]+ to \d households?\./);
    const text = await scanner.content();
    for (const word of ["Lin Shouhu", "林守护", ...householdWords]) expect(text).not.toContain(word);
    await keepScreenshot(scanner, "trace-paid-batch-phone");
    await anonymous.close();
    await context.close();
  });

  it("lets operators split a project's pool by days worked, and shows a household's days on its statement", async () => {
    const context = await open("en-US");
    const ops = await context.newPage();
    await logIn(ops, "operator@sapling.demo");
    await ops.goto("/ops/households");
    await ops.getByRole("combobox").selectOption({ label: "Guanba protected area, Pingwu, Sichuan" });
    await ops.getByTestId("weighting-form").waitFor();
    expect(await ops.getByRole("radio", { name: "By each household's registered weight" }).isChecked()).toBe(true);
    await ops.getByRole("radio", { name: /^By the days each household worked/ }).check();
    await ops.getByRole("button", { name: "Save" }).click();
    await expect.poll(() => ops.getByTestId("weighting-form").getByRole("status").textContent()).toBe("Saved: sales from now on are split this way.");
    await ops.reload();
    expect(await ops.getByRole("radio", { name: /^By the days each household worked/ }).isChecked()).toBe(true);

    await ops.getByRole("link", { name: "GB-0001" }).click();
    await ops.getByTestId("household-work").waitFor();
    expect(await ops.getByTestId("household-work").textContent()).toBe(`${chinaToday()} · Harvest (batch)`);
    await keepScreenshot(ops, "household-statement-work");
    await context.close();
  });
});
