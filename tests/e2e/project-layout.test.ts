import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { rectangleRing } from "~/projects/shapes";
import { countyFile, PINGWU } from "../support/counties";
import { keepScreenshot, logIn, toasts, useBrowser } from "../support/browser";

const browser = useBrowser();

const geojson = (value: unknown) => ({ name: "boundary.geojson", mimeType: "application/geo+json", buffer: Buffer.from(JSON.stringify(value)) });

describe("operators creating a project from a boundary file", () => {
  it("explains a bad boundary, lays out a good one on a map, and holds capacity to what fits", async () => {
    const context = await browser.newContext("en-US");
    const page = await context.newPage();
    await logIn(page, "operator@sapling.demo");
    await page.goto("/ops");
    await page.getByRole("link", { name: "Projects and boundaries" }).click();
    await page.getByRole("link", { name: "New project" }).click();

    const tag = randomBytes(3).toString("hex");
    await page.getByLabel("Kind").selectOption("FOREST");
    await page.getByLabel("URL name").fill(`wuzhai-${tag}`);
    await page.getByLabel("Plot code prefix").fill(`W${tag.replace(/\d/g, "").toUpperCase()}XY`.slice(0, 6));
    await page.getByLabel("Name in Chinese").fill("吴寨沙棘林");
    await page.getByLabel("Name in English").fill(`Wuzhai sea-buckthorn ${tag}`);
    await page.getByLabel("County in Chinese").fill("五寨县");
    await page.getByLabel("County in English").fill("Wuzhai County");
    await page.getByLabel("Energy per unit (grams)").fill("18880");
    await page.getByTestId("boundary-file").setInputFiles(
      geojson({ type: "Polygon", coordinates: [[[111.8, 38.9], [111.81, 38.91], [111.81, 38.9], [111.8, 38.91], [111.8, 38.9]]] }),
    );
    await page.getByRole("button", { name: "Create and lay out" }).click();
    // Checked in the browser before anything is sent.
    await expect.poll(() => page.getByText("A forest needs its species.").count()).toBe(1);

    await page.getByLabel("Species").fill("sea buckthorn");
    await page.getByRole("button", { name: "Create and lay out" }).click();
    await expect.poll(() => page.getByTestId("project-problems").textContent()).toContain("The boundary crosses itself near 38.905000, 111.805000.");

    // A surveyed outline in projected metres instead of degrees.
    await page.getByTestId("boundary-file").setInputFiles(geojson({ type: "Polygon", coordinates: [[[500000, 4300000], [500900, 4300000], [500900, 4301600], [500000, 4300000]]] }));
    await page.getByRole("button", { name: "Create and lay out" }).click();
    await expect.poll(() => page.getByTestId("project-problems").textContent()).toContain("not longitude/latitude");

    // 960 m × 1600 m: 320 × 320 positions at 3 m × 5 m in 100 stands of 32 × 32; trees on all but
    // those along the edge.
    await page.getByTestId("boundary-file").setInputFiles(geojson({ type: "Feature", properties: {}, geometry: { type: "Polygon", coordinates: [rectangleRing([111.8, 38.9], 960, 1600)] } }));
    await page.getByRole("button", { name: "Create and lay out" }).click();
    await page.waitForURL(/\/ops\/projects\/[a-z0-9]+$/);
    await expect.poll(() => toasts(page)).toEqual(["Project created. Check its layout on the map before it opens."]);
    await page.setViewportSize({ width: 390, height: 844 });
    await keepScreenshot(page, "toast-project-created-phone");
    // Said once: a reload does not say it again.
    // (The page's data carries the toast's message key when there is one.)
    const again = await page.request.get(page.url());
    expect(again.status()).toBe(200);
    expect(await again.text()).not.toContain("projectOps.created");
    await page.setViewportSize({ width: 1280, height: 800 });
    expect(await page.getByTestId("layout-summary").textContent()).toBe(
      "The boundary holds 101,124 units (tree) in 1 section(s); capacity 101,124, 0 allocated. 100 stands (each up to 32 × 32 trees, rows 5 m apart, trees 3 m apart)",
    );
    expect(await page.getByTestId("project-map").count()).toBe(1);
    expect(await page.getByRole("img", { name: `Map of Wuzhai sea-buckthorn ${tag}, section 1` }).count()).toBe(1);

    await page.getByLabel("Capacity").fill("101125");
    await page.getByRole("button", { name: "Save" }).click();
    await expect.poll(() => page.getByTestId("project-problems").textContent()).toContain("The boundary holds 101,124 units; capacity cannot exceed that.");
    await page.getByLabel("Capacity").fill("100000");
    await page.getByRole("button", { name: "Save" }).click();
    await expect.poll(() => page.getByTestId("project-saved").count()).toBe(1);
    await expect.poll(() => page.getByTestId("layout-summary").textContent()).toContain("capacity 100,000, 0 allocated");

    await page.goto("/ops/projects");
    expect(await page.getByTestId("ops-project-row").filter({ hasText: `Wuzhai sea-buckthorn ${tag}` }).textContent()).toContain("Coming soon");
    await context.close();
  });

  it("takes a county's DataV file as it comes and refuses an oversized file before sending it", async () => {
    const context = await browser.newContext("zh-CN");
    const page = await context.newPage();
    await logIn(page, "operator@sapling.demo");
    await page.goto("/ops/projects/new");
    const tag = randomBytes(3).toString("hex");
    await page.getByLabel("类型").selectOption("PROTECTED_AREA");
    await page.getByLabel("网址标识").fill(`pingwu-${tag}`);
    await page.getByLabel("地块编号前缀").fill(`P${tag.replace(/\d/g, "").toUpperCase()}XY`.slice(0, 6));
    await page.getByLabel("中文名称").fill(`平武县全域 ${tag}`);
    await page.getByLabel("英文名称").fill(`All of Pingwu ${tag}`);
    await page.getByLabel("县（中文）").fill("平武县");
    await page.getByLabel("县（英文）").fill("Pingwu County");
    await page.getByLabel("每单位能量（克）").fill("10");

    const posts: string[] = [];
    page.on("request", (request) => {
      if (request.method() === "POST") posts.push(request.url());
    });
    const big = Buffer.alloc(3_000_000, " ");
    await page.getByTestId("boundary-file").setInputFiles({ name: "pingwu-full.json", mimeType: "application/json", buffer: big });
    await expect.poll(() => page.getByText("文件超过 2 MB").count()).toBe(1);
    await page.getByRole("button", { name: "创建并生成布局" }).click();
    await expect.poll(() => page.getByText("文件超过 2 MB").count()).toBe(1);
    expect(posts).toEqual([]);

    await page.getByTestId("boundary-file").setInputFiles({ name: "510727.json", mimeType: "application/json", buffer: Buffer.from(countyFile(PINGWU)) });
    await expect.poll(() => page.getByText("文件超过 2 MB").count()).toBe(0);
    await page.getByRole("button", { name: "创建并生成布局" }).click();
    await page.waitForURL(/\/ops\/projects\/[a-z0-9]+$/, { timeout: 45_000 });
    const summary = await page.getByTestId("layout-summary").textContent();
    // ~5,977 million 1-m² cells in tens of tiles; a project offers at most 2,147,483,647 of them.
    expect(summary).toMatch(/边界内共 5,9\d\d,\d{3},\d{3} 个平方米/);
    expect(summary).toContain("2,147,483,647");
    expect(await page.getByTestId("project-map").count()).toBe(1);
    await page.setViewportSize({ width: 390, height: 844 });
    await keepScreenshot(page, "county-layout-phone");
    await context.close();
  });

  it("keeps project management to operators", async () => {
    const context = await browser.newContext("en-US");
    const page = await context.newPage();
    await logIn(page, "guardian@sapling.demo");
    const response = await page.goto("/ops/projects/new");
    expect(response!.status()).toBe(403);
    await context.close();
  });
});
