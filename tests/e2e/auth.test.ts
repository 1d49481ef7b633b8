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
