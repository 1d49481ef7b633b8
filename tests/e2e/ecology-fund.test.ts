import { describe, expect, inject, it } from "vitest";
import { unusedCode } from "../support/totp";
import { keepScreenshot, logIn, PHONE, seriousAccessibilityProblems, useBrowser } from "../support/browser";
import { useWorkers } from "../support/processes";

const browser = useBrowser();
const workers = useWorkers(() => inject("serviceEnv"));

// The demo's Guanba fund holds the ecology share of two honey sales (¥45) and has this year's
// budget; its patrol is the record an expense pays for. Payouts run in the sandbox.

describe("the ecology fund", () => {
  it("one operator builds an expense on a phone, in Chinese; above the fund it is refused; another approves it; the public sees it paid, with the patrol it paid for", async () => {
    workers.start();
    const maker = await (await browser.newContext("zh-CN", PHONE)).newPage();
    await logIn(maker, "operator@sapling.demo");
    await maker.goto("/ops/fund");
    await maker.getByLabel("项目").selectOption({ label: "四川平武关坝保护地" });
    await maker.getByRole("button", { name: "查看" }).click();
    await maker.waitForURL(/project=/);
    const form = maker.getByTestId("expense-form");
    await form.getByLabel("支付内容").fill("十一月巡护工资 <script>x</script>");
    await form.getByLabel("金额（元）").fill("1000");
    await form.getByLabel("收款方").selectOption({ index: 1 });
    await form.getByLabel("工作记录").selectOption({ index: 1 });
    await form.getByRole("button", { name: "建立支出" }).click();
    await expect.poll(() => maker.getByTestId("expense-result").textContent()).toMatch(/基金仅剩 [\d.]+ 元/);
    expect(await seriousAccessibilityProblems(maker)).toEqual([]);
    await keepScreenshot(maker, "fund-refused-phone-zh");

    await form.getByLabel("金额（元）").fill("abc");
    await form.getByRole("button", { name: "建立支出" }).click();
    await expect.poll(() => form.locator(".field-error").textContent()).toContain("请输入大于零的金额");

    await form.getByLabel("金额（元）").fill("30");
    await form.getByRole("button", { name: "建立支出" }).click();
    await maker.waitForURL(/\/ops\/payouts\/[a-z0-9]+$/);
    const batchUrl = new URL(maker.url()).pathname;
    await expect.poll(() => maker.getByRole("heading", { level: 1 }).textContent()).toContain("生态基金：十一月巡护工资 <script>x</script>");
    await maker.getByTestId("own-batch").waitFor();

    const checker = await (await browser.newContext("en-US")).newPage();
    await logIn(checker, "checker@sapling.demo");
    await checker.goto(batchUrl);
    expect(await checker.locator("main").textContent()).toMatch(/¥30\.00 from the budget line Patrol wages \d{4}, for Patrol/);
    await checker.getByRole("button", { name: "Approve and pay" }).click();
    await checker.getByLabel("Code from your authenticator app").fill(await unusedCode("checker@sapling.demo"));
    await checker.getByRole("button", { name: "Yes, approve" }).click();
    await expect.poll(() => checker.getByTestId("batch-status").getAttribute("data-status"), { timeout: 30_000 }).toBe("COMPLETED");

    // The fund's page for operators: the line's paid amount, and the expense linking to its batch.
    await checker.goto("/ops/fund");
    await checker.getByLabel("Project").selectOption({ label: "Guanba protected area, Pingwu, Sichuan" });
    await checker.getByRole("button", { name: "Show" }).click();
    await checker.waitForURL(/project=/);
    await expect.poll(() => checker.locator('[data-testid="budget-row"][data-category="PATROL_WAGES"]').textContent()).toContain("¥30.00");
    expect(await checker.locator('[data-testid="expense-row"][data-status="PAID"]').count()).toBe(1);

    // The public: budget against actual, the paid expense with the patrol it paid for.
    const visitor = await (await browser.newContext("en-US", PHONE)).newPage();
    await visitor.goto("/transparency/projects/guanba-pingwu");
    const row = visitor.getByTestId("expense-row");
    expect(await row.count()).toBe(1);
    expect(await row.textContent()).toMatch(/Patrol wages.*十一月巡护工资.*Guanba Village Beekeeping Cooperative.*¥30\.00.*Patrol \d{4}-\d{2}-\d{2}/);
    expect(await visitor.locator('[data-testid="budget-row"][data-category="PATROL_WAGES"]').textContent()).toContain("¥30.00");
    expect(await seriousAccessibilityProblems(visitor)).toEqual([]);
    await keepScreenshot(visitor, "fund-public-phone-en");
  });
});
