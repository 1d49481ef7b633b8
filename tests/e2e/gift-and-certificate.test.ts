import jsQR from "jsqr";
import { PNG } from "pngjs";
import { describe, expect, inject, it } from "vitest";
import { call, grantAsOperator, newAccount } from "../support/api-client";
import { keepScreenshot, logIn, PHONE, useBrowser } from "../support/browser";
import { useWorkers } from "../support/processes";

const browser = useBrowser();
const workers = useWorkers(() => inject("serviceEnv"));

describe("a gift and its certificate", () => {
  it("redeems a tree for a friend with a message; the friend is told and holds it; anyone can verify the certificate", async () => {
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
    await page.getByTestId("gift-message").fill("For your new balcony, Bob!");
    await page.getByRole("button", { name: "Review" }).click();
    expect(await page.getByTestId("gift-to").textContent()).toBe("For: Bob");
    expect(await page.getByTestId("gift-message-review").textContent()).toBe("For your new balcony, Bob!");
    await Promise.all([page.waitForURL("**/redemptions/*"), page.getByRole("button", { name: "Confirm and redeem" }).click()]);
    await expect.poll(() => page.getByTestId("redemption").getAttribute("data-status"), { timeout: 30_000 }).toBe("SETTLED");
    // The giver is told whose the plot is now, with the message they sent.
    expect(await page.getByTestId("redemption-outcome").textContent()).toBe("The plot is Bob's now, and they have been told");
    expect(await page.getByTestId("gift-message-sent").textContent()).toBe("For your new balcony, Bob!");
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
    // A portrait poster for phones, leading to the same page.
    const poster = PNG.sync.read(Buffer.from(await (await fetch(`${inject("baseUrl")}/certificates/${number}/poster.png`)).arrayBuffer()));
    expect([poster.width, poster.height]).toEqual([1080, 1920]);
    expect(jsQR(new Uint8ClampedArray(poster.data), poster.width, poster.height)?.data).toBe(`${inject("baseUrl")}/certificates/${number}`);
    // One issue date, with its year and the project's zone; the area's products are a tap away.
    await publicPage.goto(`/certificates/${number}`);
    const issuedOn = new Intl.DateTimeFormat("en-GB", { timeZone: "Asia/Shanghai", year: "numeric", month: "long", day: "numeric" }).format(new Date());
    expect(await publicPage.getByTestId("certificate-issued").textContent()).toBe(`Issued ${issuedOn} (Beijing time)`);
    expect(await publicPage.getByTestId("certificate-products").getAttribute("href")).toBe("/shop?project=sea-buckthorn-inner-mongolia");
    expect(await publicPage.getByTestId("certificate-evidence").count()).toBe(0);

    const bobContext = await browser.newContext("zh-CN");
    const bobPage = await bobContext.newPage();
    await logIn(bobPage, bob.email, bob.password);
    await bobPage.goto("/plots");
    expect(await bobPage.getByTestId("plot-row").filter({ hasText: number }).count()).toBe(1);
    // The holder follows the certificate to the plot's own photos and records.
    await bobPage.goto(`/certificates/${number}`);
    await Promise.all([bobPage.waitForURL("**/plots/*"), bobPage.getByTestId("certificate-evidence").click()]);
    // Bob is told, in his language: the bell counts it, the centre says who gave what with the message, and so does his feed.
    await expect.poll(async () => (await bobPage.reload(), await bobPage.getByTestId("unread-count").textContent().catch(() => null)), { timeout: 30_000 }).toBe("1");
    await bobPage.getByTestId("bell").click();
    await bobPage.waitForURL("**/notifications");
    const notice = bobPage.getByTestId("notification").first();
    expect(await notice.getAttribute("data-kind")).toBe("gift_received");
    expect(await notice.getByRole("link").textContent()).toBe("Alice 送给你内蒙古沙棘经济林 1 棵");
    expect(await notice.getByTestId("notification-message").textContent()).toBe("For your new balcony, Bob!");
    await Promise.all([bobPage.waitForURL(`**/certificates/${number}`), notice.getByRole("link").click()]);
    await Promise.all([bobPage.waitForURL("**/notifications"), bobPage.goBack()]);
    await bobPage.getByRole("button", { name: "全部标为已读" }).click();
    await bobPage.getByTestId("read-result").waitFor();
    await expect.poll(() => bobPage.getByTestId("unread-count").count()).toBe(0);
    await bobPage.goto("/forest");
    expect(await bobPage.locator('[data-kind="GIFT_RECEIVED"]').first().textContent()).toContain("Alice 送给你");
    await Promise.all([context.close(), visitor.close(), bobContext.close()]);
  });

  it("sends a gift to someone not a friend yet by a link, which they accept; the giver sees who did", async () => {
    workers.start();
    const [alice, carol] = [await newAccount("Alice"), await newAccount("Carol")];
    await grantAsOperator(alice.id, 20_000);
    const context = await browser.newContext("en-US", PHONE);
    const page = await context.newPage();
    await logIn(page, alice.email, alice.password);
    await page.goto("/projects/sea-buckthorn-inner-mongolia");
    await page.locator("select[name=giftToUserId]").selectOption({ label: "Someone not on my friends list (I'll send a link)" });
    await page.getByTestId("gift-message").fill("Welcome to Sapling!");
    await page.getByRole("button", { name: "Review" }).click();
    await Promise.all([page.waitForURL("**/gifts/*"), page.getByRole("button", { name: "Confirm and redeem" }).click()]);
    expect(await page.getByTestId("gift-status").textContent()).toBe("Waiting to be accepted");
    const link = await page.getByTestId("share-link").inputValue();
    expect(link).toMatch(new RegExp(`^${inject("baseUrl")}/gift/[\\w-]{20,}$`));
    await keepScreenshot(page, "gift-link-phone-en");

    // Someone who is not signed in is asked to, and comes back to the gift.
    const stranger = await browser.newContext("en-US", PHONE);
    const theirs = await stranger.newPage();
    await theirs.goto(link);
    expect(await theirs.getByTestId("gift-from").textContent()).toBe("Alice sends you 1 tree of Sea-buckthorn economic forest, Inner Mongolia");
    expect(await theirs.getByTestId("gift-claim-message").textContent()).toBe("Welcome to Sapling!");
    await theirs.getByRole("link", { name: "Log in to accept it" }).click();
    await theirs.locator('input[name="email"]').fill(carol.email);
    await theirs.locator('input[name="password"]').fill(carol.password);
    await Promise.all([theirs.waitForURL("**/gift/*"), theirs.locator('main form button[type="submit"]').click()]);
    await theirs.getByRole("button", { name: "Accept the gift" }).click();
    await expect.poll(() => theirs.getByTestId("gift-accepted").getAttribute("data-status"), { timeout: 30_000 }).toBe("SETTLED");
    await keepScreenshot(theirs, "gift-accepted-phone-en");
    await theirs.getByRole("link", { name: "See the certificate" }).click();
    expect(await theirs.getByTestId("certificate-holder").textContent()).toBe("Carol holds 1 tree in Sea-buckthorn economic forest, Inner Mongolia");

    await page.reload();
    expect(await page.getByTestId("gift-status").textContent()).toBe("Accepted by Carol");
    expect(await page.getByTestId("share-link").count()).toBe(0);
    await Promise.all([context.close(), stranger.close()]);
  });
});
