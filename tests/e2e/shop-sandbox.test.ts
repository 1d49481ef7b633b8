import { PNG } from "pngjs";
import { describe, expect, inject, it } from "vitest";
import { newAccount } from "../support/api-client";
import { unusedCode } from "../support/totp";
import { keepScreenshot, logIn, PHONE, toasts, useBrowser } from "../support/browser";
import { useWorkers } from "../support/processes";
import { fillDelivery } from "../support/shop";

const browser = useBrowser();
// The workers post a paid order to the money ledger, which its receipt's trail reads.
const workers = useWorkers(() => inject("serviceEnv"));


let photoSeed = Date.now();
function redRicePhoto() {
  const image = new PNG({ width: 40, height: 30 });
  image.data.fill(0);
  image.data.writeUInt32BE(photoSeed++ >>> 0, 0);
  return PNG.sync.write(image);
}

// No Stripe keys in the e2e environment: the sandbox provider, whose events are signed and POSTed
// to the same /webhooks/stripe endpoint that Stripe would call.
describe("buying local products in the sandbox", () => {
  it("buys honey, sees where the money goes, fails a second payment without losing stock, and gets refunded", async () => {
    workers.start();
    const buyer = await newAccount("Ivy");
    const context = await browser.newContext("en-US");
    const page = await context.newPage();
    await logIn(page, buyer.email, buyer.password);

    // From the project's area page into its products.
    await page.goto("/projects/guanba-pingwu");
    await page.getByRole("link", { name: "Buy them in the shop →" }).click();
    const honey = page.getByTestId("product").filter({ hasText: "Guanba wild honey" });
    const left = async () => Number((await honey.getByTestId("availability").textContent())!.match(/\d+/)![0]);
    const before = await left();
    await honey.getByRole("button", { name: "Add to cart" }).click();
    await page.waitForURL("**/cart");
    expect(await page.getByTestId("cart-total").textContent()).toBe("Total CN¥88.00");
    await page.getByRole("button", { name: "Check out" }).click();
    await page.waitForURL("**/sandbox/checkout/*");
    expect(await page.getByTestId("sandbox-banner").textContent()).toContain("No money moves");
    // Where to send it, asked as Stripe Checkout asks: nothing is paid until it is complete and right.
    await page.getByRole("button", { name: "Simulate a successful payment" }).click();
    await page.getByTestId("delivery-error-name").waitFor();
    expect(await page.getByTestId("delivery-error-address").textContent()).toBe("Enter the street, village and number (up to 120 characters).");
    await fillDelivery(page, { phone: "12345" });
    await page.getByRole("button", { name: "Simulate a successful payment" }).click();
    expect(await page.getByTestId("delivery-error-phone").textContent()).toBe(
      "Enter a mobile number of 11 digits starting with 1, or a landline with its area code.",
    );
    expect(await page.locator("input[name=address]").inputValue()).toBe("关坝村 3 组 12 号");
    await keepScreenshot(page, "sandbox-delivery-error-desktop-en");
    await fillDelivery(page, {});
    await page.getByRole("button", { name: "Simulate a successful payment" }).click();
    await page.waitForURL("**/orders/*");
    await expect.poll(() => page.getByTestId("order-status").getAttribute("data-status")).toBe("PAID");
    const paidOrder = new URL(page.url()).pathname;
    expect(await page.getByTestId("order-name").textContent()).toBe("Guanba wild honey × 1");
    expect(await page.getByTestId("ship-to").textContent()).toContain("Ivy Chen · 13800138000");
    expect(await page.getByTestId("ship-to").textContent()).toContain("四川省绵阳市平武县 关坝村 3 组 12 号 (622550)");
    expect(await page.getByTestId("line-shipping").textContent()).toBe("Not shipped yet");
    // Only operators ship: the buyer posting the operators' form to their own order is turned away.
    const forged = await page.evaluate(async (path) => {
      const body = new URLSearchParams({ intent: "ship", lineId: "any", carrier: "Me", tracking: "ABC123456" });
      return (await fetch(path, { method: "POST", body })).status;
    }, paidOrder);
    expect(forged).toBe(403);
    // ¥88.00 − ¥52.00 cost = ¥36.00 surplus: 60 % to households, 25 % ecology, 15 % platform.
    expect(await page.getByTestId("split-households").textContent()).toBe("CN¥21.60");
    expect(await page.getByTestId("split-ecology").textContent()).toBe("CN¥9.00");

    // A second order whose payment fails gives its stock back.
    await page.goto("/shop?project=guanba-pingwu");
    expect(await left()).toBe(before - 1);
    await honey.getByRole("button", { name: "Add to cart" }).click();
    await page.waitForURL("**/cart");
    await page.getByRole("button", { name: "Check out" }).click();
    await page.waitForURL("**/sandbox/checkout/*");
    await fillDelivery(page, {});
    await page.getByRole("button", { name: "Simulate a failed payment" }).click();
    await page.waitForURL("**/orders/*");
    await expect.poll(() => page.getByTestId("order-status").getAttribute("data-status")).toBe("FAILED");
    // A failed payment shows no money going anywhere, and offers the way back.
    expect(await page.getByTestId("split-households").count()).toBe(0);
    expect(await page.getByTestId("not-paid").textContent()).toContain("The payment did not go through, and nothing was charged.");
    await keepScreenshot(page, "order-failed-desktop-en");
    await page.goto("/shop?project=guanba-pingwu");
    expect(await left()).toBe(before - 1);
    await page.goBack();
    await page.getByRole("button", { name: "Try again" }).click();
    await page.waitForURL("**/cart");
    expect(await page.getByTestId("cart-total").textContent()).toBe("Total CN¥88.00");

    // An operator ships the paid order's honey; the buyer sees by whom and under which number.
    const ops = await browser.newContext("en-US");
    const opsPage = await ops.newPage();
    await logIn(opsPage, "operator@sapling.demo");
    await opsPage.goto(paidOrder);
    await opsPage.getByLabel("Carrier").fill("顺丰速运 SF Express");
    await opsPage.getByLabel("Tracking number").fill("SF1234567890");
    await opsPage.getByRole("button", { name: "Mark shipped" }).click();
    await expect.poll(() => opsPage.getByTestId("ship-result").textContent()).toBe("Marked shipped; the buyer has been told.");
    await expect.poll(() => opsPage.getByRole("button", { name: "Mark shipped" }).count()).toBe(0);
    await page.goto(paidOrder);
    expect(await page.getByTestId("line-shipping").textContent()).toMatch(/^Shipped .* by 顺丰速运 SF Express, tracking number SF1234567890$/);
    // A receipt to print: what was paid, and what of it reaches the villages.
    await page.getByTestId("receipt-link").click();
    await page.waitForURL("**/receipt");
    expect(await page.getByTestId("receipt-total").textContent()).toBe("CN¥88.00");
    expect(await page.getByTestId("receipt-households").textContent()).toBe("Of this, CN¥21.60 goes to the registered poor households of the villages that made it.");
    await keepScreenshot(page, "receipt-desktop-en");
    // Its public copy, for anyone given the link: the money and where the households' share is, not who bought it or where it went.
    const publicLink = (await page.getByTestId("public-receipt-link").getAttribute("href"))!;
    const anonymous = await browser.newContext("en-US", PHONE);
    const publicPage = await anonymous.newPage();
    expect((await publicPage.goto(publicLink))!.status()).toBe(200);
    await expect
      .poll(async () => {
        await publicPage.reload();
        return publicPage.getByTestId("order-trail").textContent();
      })
      .toContain("CN¥21.60 was credited to 5 registered households.");
    expect(await publicPage.getByTestId("trail-waiting").textContent()).toBe("Waiting for the next payout batch: CN¥21.60 to 5 households.");
    const receiptText = (await publicPage.getByTestId("receipt").textContent())!;
    expect(receiptText).toContain("CN¥88.00");
    for (const personal of ["Ivy", "13800138000", "关坝村 3 组"]) expect(receiptText).not.toContain(personal);
    await keepScreenshot(publicPage, "receipt-public-phone-en");
    expect((await publicPage.goto(publicLink.replace(/.$/, (c) => (c === "A" ? "B" : "A"))))!.status()).toBe(404);
    await anonymous.close();

    // An operator refunds the paid order, after confirming.
    await opsPage.goto("/ops/orders");
    const row = opsPage.getByTestId("ops-order-row").filter({ hasText: "Ivy" }).filter({ hasText: "Paid" });
    await row.getByRole("button", { name: "Refund" }).click();
    // Money leaving: the operator confirms with a code from their authenticator app.
    await row.getByLabel("Code from your authenticator app").fill(await unusedCode("operator@sapling.demo"));
    await row.getByRole("button", { name: "Yes, refund" }).click();
    await expect.poll(() => opsPage.getByTestId("refund-result").textContent()).toContain("Refund requested");
    // The refund is in the audit trail, under the operator who made it, and the trail is intact.
    await opsPage.goto("/ops/audit?action=order_refund");
    expect(await opsPage.getByTestId("audit-row").first().textContent()).toContain("Order refunded");
    await opsPage.getByRole("button", { name: "Check that no row was changed" }).click();
    await expect.poll(() => opsPage.getByTestId("audit-verified").textContent()).toBe("Every row is as it was written.");
    await keepScreenshot(opsPage, "ops-audit-desktop-en");
    await ops.close();

    await page.goto(paidOrder);
    await expect.poll(() => page.getByTestId("order-status").getAttribute("data-status")).toBe("REFUNDED");
    await page.goto("/orders");
    expect(await page.getByTestId("order-row").count()).toBe(2);
    await context.close();
  });

  it("lets an operator put a product on sale, checking prices, costs and stock", async () => {
    const context = await browser.newContext("en-US");
    const page = await context.newPage();
    await logIn(page, "operator@sapling.demo");
    await page.goto("/ops");
    await page.getByRole("link", { name: "Products" }).click();
    await page.getByRole("link", { name: "New product" }).click();
    const slug = `red-rice-${Date.now().toString(36)}`;
    await page.getByLabel("Project").selectOption({ label: "Heshun protected area, Shanxi" });
    await page.getByLabel("URL name").fill(slug);
    await page.getByLabel("Name in Chinese").fill("和顺红米");
    await page.getByLabel("Name in English").fill(`Heshun red rice ${slug}`);
    await page.getByLabel("Unit in Chinese").fill("袋（2 公斤）");
    await page.getByLabel("Unit in English").fill("bag (2 kg)");
    await page.getByLabel("Price (yuan)").fill("39.999");
    await page.getByLabel("Unit cost (yuan, paid to the cooperative)").fill("45");
    await page.getByLabel("Add stock").fill("50");
    await page.getByTestId("product-photos").setInputFiles({ name: "red-rice.png", mimeType: "image/png", buffer: redRicePhoto() });
    await page.getByRole("button", { name: "Save" }).click();
    await expect.poll(() => page.getByText("Enter an amount such as 88 or 88.50 (at most two decimals).").count()).toBe(1);
    await page.getByLabel("Price (yuan)").fill("39.90");
    await page.getByRole("button", { name: "Save" }).click();
    await expect.poll(() => page.getByText("The cost cannot be above the price.").count()).toBe(1);
    await page.getByLabel("Unit cost (yuan, paid to the cooperative)").fill("22.50");
    // The file input does not survive a refused submission: choose the photo again.
    await page.getByTestId("product-photos").setInputFiles({ name: "red-rice.png", mimeType: "image/png", buffer: redRicePhoto() });
    await page.getByRole("button", { name: "Save" }).click();
    await page.waitForURL(/\/ops\/products\/[a-z0-9]+$/);
    await expect.poll(() => toasts(page)).toContain("Product created. Its revenue-share rules can be set below.");
    expect(await page.getByTestId("stock-left").textContent()).toBe("50 left");

    await page.getByLabel("Add stock").fill("-60");
    await page.getByRole("button", { name: "Save" }).click();
    await expect.poll(() => page.getByText("Stock cannot go below zero (someone may just have ordered).").count()).toBe(1);

    // A revenue-share rule that does not add up is refused; one that does is in force at once.
    const addRule = async (household: string, ecology: string, platform: string) => {
      await page.getByLabel("Households (bp)").fill(household);
      await page.getByLabel("Ecology fund (bp)").fill(ecology);
      await page.getByLabel("Platform (bp)").fill(platform);
      await page.getByLabel("In force from (Beijing time)").fill("2026-01-01T00:00");
      await page.getByRole("button", { name: "Add rule" }).click();
    };
    await addRule("7000", "2000", "999");
    await expect.poll(() => page.getByText("The three must add up to exactly 10,000 basis points.").count()).toBe(1);
    await addRule("7000", "2000", "1000");
    await expect.poll(() => page.getByTestId("share-rules").textContent()).toContain("Households 7000 · ecology 2000 · platform 1000 (bp)");

    await page.goto(`/shop/${slug}`);
    expect(await page.getByTestId("availability").textContent()).toBe("50 left");
    const picture = page.getByTestId("product").locator("img");
    expect(await picture.getAttribute("src")).toMatch(/^\/photos\//);
    await expect.poll(() => picture.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(40);
    // ¥39.90 − ¥22.50 = ¥17.40 surplus; 70 % to households under the new rule.
    expect(await page.getByTestId("split-households").textContent()).toBe("CN¥12.18");
    await context.close();
  });

  it("refuses webhook calls that are not signed", async () => {
    const response = await fetch(new URL("/webhooks/stripe", inject("baseUrl")), {
      method: "POST",
      headers: { "Content-Type": "application/json", "Stripe-Signature": "t=1,v1=forged" },
      body: JSON.stringify({ id: "evt_forged", type: "checkout.session.completed", data: { object: {} } }),
    });
    expect(response.status).toBe(400);
  });
});
