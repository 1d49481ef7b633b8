import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { logIn, useBrowser } from "../support/browser";

const browser = useBrowser();

describe("signing up, logging out and in", () => {
  it("creates an account, keeps the session in a cookie, and ends it on logout", async () => {
    const context = await browser.newContext("en-US");
    const page = await context.newPage();
    const email = `walker-${randomBytes(4).toString("hex")}@example.com`;

    await page.goto("/signup");
    await page.locator('input[name="email"]').fill(email);
    await page.locator('input[name="displayName"]').fill("Walker");
    await page.locator('input[name="password"]').fill("short");
    await page.locator('main form button[type="submit"]').click();
    await expect.poll(() => page.getByText("Use at least 8 characters").count()).toBe(1);

    // Long enough, but among the most used passwords: refused, saying why.
    await page.locator('input[name="password"]').fill("password");
    await page.locator('main form button[type="submit"]').click();
    await expect.poll(() => page.locator(".field-error").allTextContents()).toEqual([
      "This password is too easy to guess. Try a few unrelated words you will remember, such as “honey river lantern 7”.",
      "This is one of the most used passwords.",
    ]);
    expect(new URL(page.url()).pathname).toBe("/signup");

    await page.locator('input[name="password"]').fill("long enough password");
    await Promise.all([page.waitForURL("**/forest"), page.locator('main form button[type="submit"]').click()]);
    await expect.poll(() => page.getByTestId("energy-balance").textContent()).toBe("0 g");
    const cookie = (await context.cookies()).find((c) => c.name === "sapling_session");
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: "Lax" });

    // Leaving is under Me.
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Me" }).click();
    await page.getByRole("button", { name: "Log out" }).click();
    await page.waitForURL((url) => url.pathname === "/");
    await page.goto("/forest");
    expect(new URL(page.url()).pathname).toBe("/login");

    await page.locator('input[name="email"]').fill(email);
    await page.locator('input[name="password"]').fill("wrong password!");
    await page.locator('main form button[type="submit"]').click();
    await expect.poll(() => page.getByRole("alert").textContent()).toContain("Email or password is wrong");

    await logIn(page, email, "long enough password");
    expect(new URL(page.url()).pathname).toBe("/forest");
    await context.close();
  });

  it("refuses passwords people commonly use, in Chinese too", async () => {
    const context = await browser.newContext("zh-CN");
    const page = await context.newPage();
    await page.goto("/signup");
    await page.locator('input[name="email"]').fill(`zh-${randomBytes(4).toString("hex")}@example.com`);
    await page.locator('input[name="displayName"]').fill("小明");
    for (const common of ["12345678", "woaini1314", "aaaaaaaaaaaa"]) {
      await page.locator('input[name="password"]').fill(common);
      await page.locator('main form button[type="submit"]').click();
      await expect.poll(() => page.locator(".field-error").first().textContent()).toContain("这个密码太容易被猜到");
      expect(new URL(page.url()).pathname).toBe("/signup");
      await page.goto("/signup");
      await page.locator('input[name="email"]').fill(`zh-${randomBytes(4).toString("hex")}@example.com`);
      await page.locator('input[name="displayName"]').fill("小明");
    }
    await context.close();
  });

  it("refuses a second account with the same email", async () => {
    const context = await browser.newContext("en-US");
    const page = await context.newPage();
    await page.goto("/signup");
    await page.locator('input[name="email"]').fill("consumer@sapling.demo");
    await page.locator('input[name="displayName"]').fill("Copycat");
    await page.locator('input[name="password"]').fill("another password");
    await page.locator('main form button[type="submit"]').click();
    await expect.poll(() => page.getByText("An account with this email already exists").count()).toBe(1);
    expect(new URL(page.url()).pathname).toBe("/signup");
    await context.close();
  });
});
