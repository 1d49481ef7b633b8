import jsQR from "jsqr";
import { PNG } from "pngjs";
import { describe, expect, inject, it } from "vitest";
import { newAccount } from "../support/api-client";
import { keepScreenshot, logIn, PHONE, useBrowser } from "../support/browser";

const browser = useBrowser();

describe("inviting a friend", () => {
  it("hands out a short code and a link with a QR code; the link opened by a friend asks them to add you", async () => {
    const [mei, bo] = [await newAccount("Mei"), await newAccount("Bo")];
    const context = await browser.newContext("en-US", PHONE);
    const page = await context.newPage();
    await logIn(page, mei.email, mei.password);
    await page.goto("/friends");
    const code = (await page.getByTestId("invite-code").textContent())!;
    expect(code).toMatch(/^[23456789ABCDEFGHJKMNPQRSTVWXYZ]{8}$/);
    await page.getByText("Your invite code:").click();
    const link = await page.getByTestId("share-link").inputValue();
    expect(link).toBe(`${inject("baseUrl")}/friends?invite=${code}`);
    // The QR code on the screen is the same link, for a friend's camera.
    const shot = PNG.sync.read(await page.getByTestId("share-qr").screenshot());
    expect(jsQR(new Uint8ClampedArray(shot.data), shot.width, shot.height)?.data).toBe(link);
    await keepScreenshot(page, "friends-invite-phone-en");

    const friend = await browser.newContext("en-US", PHONE);
    const theirs = await friend.newPage();
    await logIn(theirs, bo.email, bo.password);
    await theirs.goto(`/friends?invite=${code.toLowerCase()}`);
    expect(await theirs.getByTestId("invited-by").textContent()).toContain("Mei invited you to be friends on Sapling");
    await theirs.getByRole("button", { name: "Add Mei as a friend" }).click();
    await expect.poll(() => theirs.getByRole("status").textContent()).toBe("Request sent.");
    await theirs.goto("/friends?invite=NOTACODE");
    expect(await theirs.getByTestId("invited-by").textContent()).toBe("That invite link does not work: ask your friend for their code, or add them by email.");

    await page.reload();
    expect(await page.getByTestId("incoming-request").textContent()).toContain("Bo");
    await Promise.all([context.close(), friend.close()]);
  });
});
