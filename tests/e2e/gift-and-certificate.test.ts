import jsQR from "jsqr";
import { PNG } from "pngjs";
import { describe, expect, inject, it } from "vitest";
import { call, grantAsOperator, newAccount } from "../support/api-client";
import { logIn, useBrowser } from "../support/browser";
import { useWorkers } from "../support/processes";

const browser = useBrowser();
const workers = useWorkers(() => inject("serviceEnv"));

describe("a gift and its certificate", () => {
  it("redeems a tree for a friend, who holds it; anyone can verify the certificate", async () => {
    workers.start();
    const alice = await newAccount("Alice");
    const bob = await newAccount("Bob");
    const { inviteCode } = (await call("GET", "/api/v1/me", undefined, bob.token)).body;
    const asked = await call("POST", "/api/v1/friend-requests", { inviteCode }, alice.token);
    expect((await call("POST", `/api/v1/friend-requests/${asked.body.id}/accept`, {}, bob.token)).status).toBe(200);
    await grantAsOperator(alice.id, 20_000);

    const context = await browser.newContext("en-US");
    const page = await context.newPage();
    await logIn(page, alice.email, alice.password);
    await page.goto("/projects/sea-buckthorn-inner-mongolia");
    await page.locator("select[name=giftToUserId]").selectOption({ label: "Bob" });
    await page.getByRole("button", { name: "Review" }).click();
    expect(await page.getByTestId("gift-to").textContent()).toBe("For: Bob");
    await Promise.all([page.waitForURL("**/redemptions/*"), page.getByRole("button", { name: "Confirm and redeem" }).click()]);
    await expect.poll(() => page.getByTestId("redemption").getAttribute("data-status"), { timeout: 30_000 }).toBe("SETTLED");
    const number = (await page.getByTestId("certificate-number").textContent())!;

    const visitor = await browser.newContext("en-US");
    const publicPage = await visitor.newPage();
    await publicPage.goto(`/certificates/${number}`);
    expect(await publicPage.getByTestId("certificate-holder").textContent()).toBe("Bob holds 1 tree in Sea-buckthorn economic forest, Inner Mongolia");
    expect(await publicPage.getByText("A gift from Alice").count()).toBe(1);
    expect(await publicPage.content()).not.toContain(bob.email);
    expect((await call("GET", `/api/v1/certificates/${number}`)).body).toMatchObject({ number, holder: "Bob", giftFrom: "Alice" });
    expect((await call("GET", "/api/v1/certificates/SAP-NOPE")).status).toBe(404);
    expect((await publicPage.goto("/certificates/SAP-NOPE"))?.status()).toBe(404);

    // The downloadable image carries a QR code that leads back to the verification page.
    const image = await fetch(`${inject("baseUrl")}/certificates/${number}/image.png`);
    expect(image.headers.get("content-type")).toBe("image/png");
    const png = PNG.sync.read(Buffer.from(await image.arrayBuffer()));
    expect([png.width, png.height]).toEqual([1200, 800]);
    expect(jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data).toBe(`${inject("baseUrl")}/certificates/${number}`);
    expect((await fetch(`${inject("baseUrl")}/certificates/SAP-NOPE/image.png`)).status).toBe(404);

    const bobContext = await browser.newContext("zh-CN");
    const bobPage = await bobContext.newPage();
    await logIn(bobPage, bob.email, bob.password);
    await bobPage.goto("/plots");
    expect(await bobPage.getByTestId("plot-row").filter({ hasText: number }).count()).toBe(1);
    await Promise.all([context.close(), visitor.close(), bobContext.close()]);
  });
});

