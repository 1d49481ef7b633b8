import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { newAccount } from "../support/api-client";
import { signupTokenFor } from "../support/mail";
import { keepScreenshot, logIn, PHONE, useBrowser } from "../support/browser";

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
    await Promise.all([page.waitForURL("**/signup/sent**"), page.locator('main form button[type="submit"]').click()]);
    expect(await page.getByTestId("signup-sent").textContent()).toContain(email);
    // The demo sends no mail: its mailbox shows the link, which finishes the account.
    await page.getByRole("link", { name: "Demo mailbox" }).click();
    const mail = page.getByTestId("demo-mail").filter({ hasText: email }).first();
    expect(await mail.textContent()).toContain("Finish creating your account");
    await mail.getByRole("link").first().click();
    await page.getByRole("heading", { name: "Finish creating your account" }).waitFor();
    await Promise.all([page.waitForURL("**/forest"), page.getByRole("button", { name: "Create my account" }).click()]);
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

  it("answers an address that has an account exactly as a new one, and tells only the mailbox", async () => {
    const context = await browser.newContext("en-US");
    const page = await context.newPage();
    await page.goto("/signup");
    await page.locator('input[name="email"]').fill("consumer@sapling.demo");
    await page.locator('input[name="displayName"]').fill("Copycat");
    await page.locator('input[name="password"]').fill("another password here");
    await Promise.all([page.waitForURL("**/signup/sent**"), page.locator('main form button[type="submit"]').click()]);
    expect(await page.getByTestId("signup-sent").textContent()).toBe(
      "We sent a mail to consumer@sapling.demo. Open the link in it to finish: it works once, for 24 hours.",
    );
    // Only the mailbox learns the address had an account; no link can make a second one.
    const token = await signupTokenFor("consumer@sapling.demo").catch(() => null);
    expect(token).toBeNull();
    // A used or made-up link says what to do instead.
    await page.goto("/signup/confirm?token=made-up");
    expect(await page.getByTestId("link-refused").textContent()).toContain("Sign up again, or log in");
    await context.close();
  });

  it("shows where you are signed in, signs the others out, and changes the password", async () => {
    const account = await newAccount("Traveller");
    const phone = await browser.newContext("en-US", PHONE);
    const laptop = await browser.newContext("en-US");
    const [phonePage, laptopPage] = [await phone.newPage(), await laptop.newPage()];
    await logIn(phonePage, account.email, account.password);
    await logIn(laptopPage, account.email, account.password);

    await phonePage.goto("/me");
    await phonePage.getByRole("link", { name: "Sign-in and security" }).click();
    await phonePage.getByRole("heading", { name: "Sign-in and security" }).waitFor();
    // Both browsers, and the API session newAccount made; this one is marked.
    await expect.poll(() => phonePage.getByTestId("session").count()).toBe(3);
    expect(await phonePage.locator("[data-testid=session][data-current=true]").textContent()).toContain("This device");
    expect(await phonePage.locator("[data-testid=session][data-current=true]").textContent()).toMatch(/^Chrome on Linux/);
    await keepScreenshot(phonePage, "security-sessions-phone-en");

    await phonePage.getByRole("button", { name: "Sign out the 2 other sessions" }).click();
    await expect.poll(() => phonePage.getByTestId("endOthers-result").textContent()).toBe("Signed out 2 other sessions.");
    await expect.poll(() => phonePage.getByTestId("session").count()).toBe(1);
    await laptopPage.goto("/forest");
    expect(new URL(laptopPage.url()).pathname).toBe("/login");

    // A new password: the weak one is refused with the reason, the good one signs the others out.
    await logIn(laptopPage, account.email, account.password);
    await phonePage.getByLabel("Current password").fill(account.password);
    await phonePage.getByLabel("New password").fill("12345678");
    await phonePage.getByRole("button", { name: "Change password" }).click();
    await expect.poll(() => phonePage.getByRole("alert").first().textContent()).toContain("too easy to guess");
    await phonePage.getByLabel("Current password").fill(account.password);
    await phonePage.getByLabel("New password").fill("lantern river honey seven");
    await phonePage.getByRole("button", { name: "Change password" }).click();
    await expect.poll(() => phonePage.getByTestId("password-result").textContent()).toBe("Password changed; 1 other session was signed out.");
    await laptopPage.goto("/forest");
    expect(new URL(laptopPage.url()).pathname).toBe("/login");
    await logIn(laptopPage, account.email, "lantern river honey seven");
    expect(new URL(laptopPage.url()).pathname).toBe("/forest");
    await Promise.all([phone.close(), laptop.close()]);
  });

  it("gives a new session at sign-in: one held before it stops working", async () => {
    const account = await newAccount("Fixation");
    const context = await browser.newContext("en-US");
    const page = await context.newPage();
    await logIn(page, account.email, account.password);
    const before = (await context.cookies()).find((c) => c.name === "sapling_session")!.value;
    // Signing in again on the same browser (the form posts with the cookie it holds).
    await page.request.post("/login", { form: { email: account.email, password: account.password, redirectTo: "/forest" }, maxRedirects: 0 });
    const after = (await context.cookies()).find((c) => c.name === "sapling_session")!.value;
    expect(after).not.toBe(before);
    const stale = await fetch(new URL("/me", page.url()), { headers: { Cookie: `sapling_session=${before}` }, redirect: "manual" });
    expect(stale.status).toBe(302);
    expect(stale.headers.get("location")).toContain("/login");
    await context.close();
  });
});
