import { randomUUID } from "node:crypto";
import { describe, expect, inject, it } from "vitest";
import { call, grantAsOperator, newAccount } from "../support/api-client";
import { keepScreenshot, logIn, useBrowser } from "../support/browser";
import { useWorkers } from "../support/processes";

const browser = useBrowser();
const workers = useWorkers(() => inject("serviceEnv"));

const PER_PAGE = 50;

describe("a guardian with many plots", () => {
  it("sees them fifty to a page, how much is held in all, and can page through", async () => {
    workers.start();
    const account = await newAccount("Many");
    const plots = PER_PAGE + 3;
    await grantAsOperator(account.id, plots * 520);
    const guanba = ((await call("GET", "/api/v1/projects")).body as { id: string; slug: string }[]).find((p) => p.slug === "guanba-pingwu")!;
    // One square metre at a time: each redemption is a plot of its own.
    const ids: string[] = [];
    for (let i = 0; i < plots; i++) {
      const asked = await call("POST", "/api/v1/redemptions", { projectId: guanba.id, quantity: 1, idempotencyKey: randomUUID() }, account.token);
      expect(asked.status).toBe(202);
      ids.push(asked.body.id as string);
    }
    await expect
      .poll(async () => (await call("GET", `/api/v1/redemptions/${ids.at(-1)}`, undefined, account.token)).body.status, { timeout: 60_000 })
      .toBe("SETTLED");

    const context = await browser.newContext("en-US", { width: 390, height: 844 });
    const page = await context.newPage();
    await logIn(page, account.email, account.password);
    await page.goto("/plots");
    await expect.poll(() => page.getByTestId("plot-row").count()).toBe(PER_PAGE);
    await expect.poll(() => page.getByTestId("plot-range").textContent()).toBe(`Plots 1–${PER_PAGE} of ${plots}`);
    expect(await page.getByTestId("plot-summary").textContent()).toContain(`${plots} m² · ${plots} plots`);
    await keepScreenshot(page, "plots-page-1-390");
    await page.getByRole("link", { name: "Next page →" }).click();
    await page.waitForURL("**/plots?page=2");
    await expect.poll(() => page.getByTestId("plot-row").count()).toBe(3);
    expect(await page.getByTestId("plot-range").textContent()).toBe(`Plots ${PER_PAGE + 1}–${plots} of ${plots}`);
    expect(await page.getByRole("link", { name: "Next page →" }).count()).toBe(0);
    // A page past the end shows the last one; nonsense shows the first.
    await page.goto("/plots?page=99");
    expect(await page.getByTestId("plot-row").count()).toBe(3);
    await page.goto("/plots?page=abc");
    expect(await page.getByTestId("plot-row").count()).toBe(PER_PAGE);
    await context.close();

    const chinese = await browser.newContext("zh-CN");
    const zhPage = await chinese.newPage();
    await logIn(zhPage, account.email, account.password);
    await zhPage.goto("/plots?page=2");
    expect(await zhPage.getByTestId("plot-range").textContent()).toBe(`第 ${PER_PAGE + 1}–${plots} 个地块，共 ${plots} 个`);
    await zhPage.getByRole("link", { name: "← 上一页" }).click();
    await zhPage.waitForURL("**/plots?page=1");
    await keepScreenshot(zhPage, "plots-page-1-zh-desktop");
    await chinese.close();
  });
});
