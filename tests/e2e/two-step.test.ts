import { generateTOTP } from "@epic-web/totp";
import pg from "pg";
import { describe, expect, inject, it } from "vitest";
import { TOTP } from "~/auth/totp-config";
import { newAccount } from "../support/api-client";
import { keepScreenshot, logIn, PHONE, useBrowser } from "../support/browser";
import { unusedCode } from "../support/totp";

// An operator sets up two-step verification and gives a code with an energy adjustment, in the browser.

const browser = useBrowser();
const codeOf = async (secret: string) => (await generateTOTP({ secret, period: TOTP.period, digits: TOTP.digits, algorithm: TOTP.algorithm })).otp;

describe("two-step verification for operators", () => {
  it("is set up by scanning a code, then asked with an energy adjustment and not again for ten minutes", async () => {
    const account = await newAccount("Opal");
    const recipient = await newAccount("Reed");
    const sql = new pg.Client({ connectionString: inject("serviceEnv").DATABASE_URL });
    await sql.connect();
    await sql.query(`UPDATE "User" SET role = 'OPERATOR' WHERE id = $1`, [account.id]);
    await sql.end();

    const context = await browser.newContext("en-US", PHONE);
    const page = await context.newPage();
    await logIn(page, account.email, account.password);
    // Before it is set up, an adjustment says where to set it up.
    await page.goto("/ops/energy");
    await page.getByLabel("Email").fill(recipient.email);
    await page.getByLabel(/^Grams/).fill("100");
    await page.getByLabel(/^Reason/).fill("welcome gift");
    await page.getByLabel("Code from your authenticator app").fill("123456");
    await page.getByRole("button", { name: "Apply" }).click();
    await expect.poll(() => page.getByRole("status").textContent()).toContain("Set up two-step verification first");

    await page.goto("/me/security");
    await page.getByTestId("totp-setup").waitFor();
    expect(await page.getByTestId("totp-qr").evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBeGreaterThan(0);
    // Shown in groups of four to type; the app takes it with or without the spaces.
    const secret = (await page.getByTestId("totp-secret").textContent())!.replace(/\s/g, "");
    await keepScreenshot(page, "two-step-setup-phone-en");
    await page.getByLabel("Then enter the code it shows:").fill(await codeOf(secret));
    await page.getByRole("button", { name: "Turn on two-step verification" }).click();
    await page.getByTestId("totp-on").waitFor();

    // The code that turned it on is spent: the adjustment takes the next one.
    await page.goto("/ops/energy");
    await page.getByLabel("Email").fill(recipient.email);
    await page.getByLabel(/^Grams/).fill("100");
    await page.getByLabel(/^Reason/).fill("welcome gift");
    await page.getByLabel("Code from your authenticator app").fill(await unusedCode(account.email, { secret }));
    await page.getByRole("button", { name: "Apply" }).click();
    await expect.poll(() => page.getByRole("status").textContent()).toMatch(/100/);
    // Covered for ten minutes in this session: the form says so instead of asking.
    await page.getByTestId("totp-covered").waitFor();
    await context.close();
  });
});
