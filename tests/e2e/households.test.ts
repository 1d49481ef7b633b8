import { describe, expect, it } from "vitest";
import { logIn, useBrowser } from "../support/browser";

const browser = useBrowser();

describe("the household registry", () => {
  it("imports a county's CSV, keeps the good rows and says why each bad one was refused", async () => {
    const context = await browser.newContext("en-US");
    const page = await context.newPage();
    await logIn(page, "operator@sapling.demo");
    await page.goto("/ops");
    await page.getByRole("link", { name: "Registered households" }).click();
    await page.getByLabel("Project").selectOption({ label: "Heshun protected area, Shanxi" });
    await page.waitForURL(/project=/);
    const tag = Date.now().toString(36).toUpperCase();
    const csv = [
      "registration_code,head_of_household,village,county,cooperative,members,weight,payout_method,status",
      `HS-${tag}-1,郭大娘,松烟村,和顺县,Heshun Vinegar Cooperative,3,1,stripe_connect,active`,
      `HS-${tag}-2,王二,松烟村,和顺县,,2,0,disbursement_list,active`,
    ].join("\n");
    await page.getByTestId("households-file").setInputFiles({ name: "heshun.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
    await page.getByRole("button", { name: "Import" }).click();
    await expect.poll(() => page.getByTestId("import-result").textContent()).toContain("1 added, 0 updated, 1 rows refused.");
    expect(await page.getByTestId("import-rejected").textContent()).toBe(`Line 3 (HS-${tag}-2): weight must be a whole number above 0.`);
    await expect.poll(() => page.getByTestId("household-row").filter({ hasText: `HS-${tag}-1` }).count()).toBe(1);
    await context.close();
  });

  it("says in Chinese what is wrong with a file that is not the registry, in the operator's words, not the parser's", async () => {
    const context = await browser.newContext("zh-CN");
    const page = await context.newPage();
    await logIn(page, "operator@sapling.demo");
    await page.goto("/ops/households");
    await page.getByTestId("households-file").setInputFiles({ name: "wrong.csv", mimeType: "text/csv", buffer: Buffer.from('registration_code,"head\nx') });
    await page.getByRole("button", { name: "导入" }).click();
    await expect.poll(() => page.getByTestId("import-result").textContent()).toContain("无法读取");
    expect(await page.getByTestId("import-result").textContent()).not.toMatch(/Quote|CSV_|[A-Za-z]{12}/);
    await page.getByTestId("households-file").setInputFiles({ name: "other.csv", mimeType: "text/csv", buffer: Buffer.from("name,age\nA,3") });
    await page.getByRole("button", { name: "导入" }).click();
    await expect.poll(() => page.getByTestId("import-result").textContent()).toContain("缺少：registration_code");
    await context.close();
  });

  it("keeps personal data from anyone but operators", async () => {
    const context = await browser.newContext("en-US");
    const page = await context.newPage();
    await logIn(page, "consumer@sapling.demo");
    expect((await page.goto("/ops/households"))!.status()).toBe(403);
    await context.close();
  });
});
