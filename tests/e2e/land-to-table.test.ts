import { createHash } from "node:crypto";
import { describe, expect, inject, it } from "vitest";
import { GUANBA_HOUSEHOLDS } from "../../prisma/seed-households";
import { keepScreenshot, logIn, PHONE, useBrowser } from "../support/browser";
import { guanbaGuardian, photoUpload } from "../support/guanba";
import { useWorkers } from "../support/processes";

// Households as growers, counted in public and never named; and a guardian's land leading to
// its products, the plot remembered on what she buys. Nothing here is paid or shipped, so the
// files that count the demo's payouts and packs see the same demo whatever runs first.

const browser = useBrowser();
const workers = useWorkers(() => inject("serviceEnv"));

const sha256 = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");
const householdWords = GUANBA_HOUSEHOLDS.split("\n")
  .slice(1)
  .flatMap((line) => line.split(",").slice(0, 2));
const chinaToday = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

describe("households at work and land to table", () => {
  it("records who harvested a batch, with its photos; anyone tracing it sees how many households and the photos, never who", async () => {
    const opsContext = await browser.newContext("en-US");
    const ops = await opsContext.newPage();
    await logIn(ops, "operator@sapling.demo");
    await ops.goto("/ops/products");
    await ops.getByRole("link", { name: "Guanba wild honey" }).click();
    const batches = ops.getByTestId("batches");
    // Harvested today: any batch another test packs from (older) is taken before this one.
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
    const code = (await ops.getByTestId("batch-recorded").textContent())!.match(/code (\w+)\./)![1]!;
    await opsContext.close();

    // Anyone, on a phone.
    const context = await browser.newContext("en-US", PHONE);
    const page = await context.newPage();
    expect((await page.goto(`/trace/${code}`))!.status()).toBe(200);
    expect(await page.getByTestId("trace-harvested-by").textContent()).toBe("2 registered households harvested it.");
    const photos = page.getByTestId("trace-photos");
    expect(await photos.getByTestId("photo-sha256").textContent()).toBe(sha256(picture.buffer));
    const thumb = photos.getByRole("img");
    await expect.poll(() => thumb.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBeGreaterThan(0);
    const html = await page.content();
    for (const word of householdWords) expect(html).not.toContain(word);
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await keepScreenshot(page, "trace-harvest-phone");

    // The photo check knows the batch's photo.
    await page.goto(`/photos/check?sha256=${sha256(picture.buffer)}`);
    expect(await page.getByTestId("check-result").textContent()).toContain(`Photo of batch ${code} of Guanba wild honey`);

    // The project's page: how many of its registered households worked this year, no names.
    await page.goto("/projects/guanba-pingwu");
    const atWork = (await page.getByTestId("households-at-work").textContent())!;
    expect(atWork).toMatch(/^\d+ of its 5 registered households worked this year \(\d+ %\)/);
    expect(Number(atWork.match(/^\d+/)![0])).toBeGreaterThanOrEqual(2);
    await keepScreenshot(page, "project-households-at-work-phone");
    await context.close();

    const zh = await browser.newContext("zh-CN");
    const zhPage = await zh.newPage();
    await zhPage.goto(`/trace/${code}`);
    expect(await zhPage.getByTestId("trace-harvested-by").textContent()).toBe("2 户在册农户参与采收。");
    await zhPage.goto("/projects/guanba-pingwu");
    expect(await zhPage.getByTestId("households-at-work").textContent()).toMatch(/^在册 5 户中有 \d+ 户今年参与了劳动/);
    await zh.close();
  });

  it("leads a guardian from her plot to its products, and her cart remembers the land", async () => {
    workers.start();
    const mei = await guanbaGuardian("Mei", 4);
    const context = await browser.newContext("en-US", PHONE);
    const page = await context.newPage();

    // Her public certificate lists what the land's villages make, for anyone.
    await page.goto(`/certificates/${mei.certificateNumber}`);
    const publicList = page.getByTestId("land-to-table");
    expect(await publicList.getByRole("link", { name: "Guanba wild honey" }).getAttribute("href")).toBe("/shop/guanba-wild-honey");

    await logIn(page, mei.email, mei.password);
    await page.goto(`/plots/${mei.plot.code}`);
    const fromPlot = page.getByTestId("land-to-table");
    expect(await fromPlot.getByRole("heading").textContent()).toBe("From your land to your table");
    await keepScreenshot(page, "plot-land-to-table-phone");
    await fromPlot.getByRole("link", { name: "Guanba wild honey" }).click();
    await page.waitForURL(`**/shop/guanba-wild-honey?plot=${mei.plot.code}`);
    expect(await page.getByTestId("from-plot").textContent()).toContain(`Added from your plot ${mei.plot.code}`);
    await page.getByRole("button", { name: "Add to cart" }).click();
    await page.waitForURL("**/cart");
    await expect.poll(() => page.getByTestId("cart-item").count()).toBe(1);
    expect(await page.getByTestId("cart-plot").textContent()).toContain(`From your plot ${mei.plot.code}`);
    await keepScreenshot(page, "cart-from-plot-phone");

    // Someone else's plot code in the address is not remembered for them.
    const other = await guanbaGuardian("Nia", 4);
    const otherContext = await browser.newContext("en-US");
    const otherPage = await otherContext.newPage();
    await logIn(otherPage, other.email, other.password);
    await otherPage.goto(`/shop/guanba-wild-honey?plot=${mei.plot.code}`);
    await otherPage.getByRole("button", { name: "Add to cart" }).click();
    await otherPage.waitForURL("**/cart");
    await expect.poll(() => otherPage.getByTestId("cart-item").count()).toBe(1);
    expect(await otherPage.getByTestId("cart-plot").count()).toBe(0);
    await otherContext.close();
    await context.close();
  });
});
