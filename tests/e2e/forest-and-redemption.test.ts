import { describe, expect, inject, it } from "vitest";
import { grantAsOperator, newAccount } from "../support/api-client";
import { keepScreenshot, logIn, PHONE, useBrowser } from "../support/browser";
import { useWorkers } from "../support/processes";

const browser = useBrowser();
const workers = useWorkers(() => inject("serviceEnv"));

describe("a consumer's forest and a redemption", () => {
  it("collects a ripe ball into the balance", async () => {
    const context = await browser.newContext("en-US");
    const page = await context.newPage();
    await logIn(page, "consumer@sapling.demo");
    await page.goto("/forest");
    await expect.poll(() => page.getByTestId("energy-balance").textContent()).toBe("60,000 g");
    const ripe = page.locator('[data-testid="energy-ball"][data-state="RIPE"]');
    expect(await ripe.count()).toBe(3);
    expect(await page.locator('[data-testid="energy-ball"][data-state="GROWING"]').count()).toBe(2);

    const walking = ripe.filter({ hasText: "Walking" });
    await walking.getByRole("button", { name: "Collect" }).click();
    await expect.poll(() => page.getByTestId("energy-balance").textContent()).toBe("60,296 g");
    await expect.poll(() => ripe.count()).toBe(2);
    await context.close();
  });

  it("redeems a tree: answers at once, then shows the certificate when a worker settles it, without a reload", async () => {
    const context = await browser.newContext("en-US");
    const page = await context.newPage();
    await logIn(page, "consumer@sapling.demo");
    await page.goto("/projects");
    await page.getByRole("link", { name: "Sea-buckthorn economic forest, Inner Mongolia" }).click();
    await page.getByRole("button", { name: "Review" }).click();
    await expect.poll(() => page.getByText("18,880 g of energy will leave your balance").count()).toBe(1);

    // No worker runs yet: the request must still answer at once, as PENDING.
    await Promise.all([page.waitForURL("**/redemptions/*"), page.getByRole("button", { name: "Confirm and redeem" }).click()]);
    const redemption = page.getByTestId("redemption");
    await expect.poll(() => redemption.getAttribute("data-status")).toBe("PENDING");
    await page.evaluate(() => ((window as unknown as { notReloaded: boolean }).notReloaded = true));

    workers.start();
    await expect.poll(() => redemption.getAttribute("data-status"), { timeout: 30_000 }).toBe("SETTLED");
    expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
    expect(await page.getByTestId("certificate-number").textContent()).toMatch(/^SAP-/);
    expect(await page.getByTestId("plot-code").first().textContent()).toMatch(/^SBT-\d{8}/);

    await page.goto("/forest");
    await expect.poll(() => page.getByTestId("energy-balance").textContent()).toBe("41,416 g");
    await page.goto("/plots");
    const tree = page.getByTestId("plot-row").filter({ hasText: "SBT-" });
    expect(await tree.count()).toBe(1);
    // A tree in Xing'an League, named by its stand, row and place in the row.
    expect(await tree.textContent()).toMatch(/Stand \d+ · row \d+ · tree \d+/);
    expect(await tree.getByTestId("plot-centre").textContent()).toMatch(/^Centre 45\.\d{6}, 121\.\d{6}$/);
    await context.close();
  });

  it("never rewrites a quantity: a field error with the range, and the most the user's energy covers, before confirming", async () => {
    const alice = await newAccount("Quantity");
    await grantAsOperator(alice.id, 40_000);
    const context = await browser.newContext("en-US", PHONE);
    const page = await context.newPage();
    await logIn(page, alice.email, alice.password);
    await page.goto("/projects/sea-buckthorn-inner-mongolia");
    // 40,000 g at 18,880 g a tree: two trees.
    expect(await page.getByTestId("can-afford").textContent()).toBe("Your energy covers up to 2 trees now (at most 10 in one go).");
    const quantity = page.locator("input[name=quantity]");
    for (const typed of ["0", "-1", "", "abc", "1000000000", "2.5", "11"]) {
      await quantity.fill(typed);
      await page.getByRole("button", { name: "Review" }).click();
      expect({ typed, error: await page.getByTestId("quantity-error").textContent() }).toEqual({ typed, error: "Enter a whole number from 1 to 10." });
      // What was typed stays as typed, and nothing is offered for confirmation.
      expect(await quantity.inputValue()).toBe(typed);
      expect(await page.getByRole("button", { name: "Confirm and redeem" }).count()).toBe(0);
    }
    await quantity.fill("3");
    await page.getByRole("button", { name: "Review" }).click();
    expect(await page.getByTestId("quantity-error").textContent()).toBe("Your energy covers 2 trees: lower the number, or collect more energy first.");
    await keepScreenshot(page, "redeem-quantity-error-phone-en");
    await quantity.fill("2");
    await page.getByRole("button", { name: "Review" }).click();
    expect(await page.locator("#redeem").textContent()).toContain("37,760 g of energy will leave your balance for 2 tree");
    await context.close();
  });
});
