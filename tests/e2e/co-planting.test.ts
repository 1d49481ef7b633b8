import { describe, expect, inject, it } from "vitest";
import { call, grantAsOperator, newAccount } from "../support/api-client";
import { keepScreenshot, logIn, useBrowser } from "../support/browser";
import { useWorkers } from "../support/processes";

const browser = useBrowser();
const workers = useWorkers(() => inject("serviceEnv"));

describe("planting together", () => {
  it("two friends pool energy for a square metre of Guanba and share the certificate", async () => {
    workers.start();
    const alice = await newAccount("Alice");
    const bob = await newAccount("Bob");
    const asked = await call("POST", "/api/v1/friend-requests", { email: bob.email }, alice.token);
    await call("POST", `/api/v1/friend-requests/${asked.body.id}/accept`, {}, bob.token);
    for (const who of [alice, bob]) await grantAsOperator(who.id, 1_000);

    const aliceContext = await browser.newContext("en-US");
    const alicePage = await aliceContext.newPage();
    await logIn(alicePage, alice.email, alice.password);
    await alicePage.goto("/teams?project=guanba-pingwu");
    await alicePage.getByLabel("Team name").fill("Pandas");
    await Promise.all([alicePage.waitForURL("**/teams/*"), alicePage.getByRole("button", { name: "Start" }).click()]);
    const teamUrl = new URL(alicePage.url()).pathname;
    // The link Alice passes on carries the team's invite; the page's own address does not.
    const link = await alicePage.getByTestId("share-link").inputValue();
    expect(link).toMatch(new RegExp(`${teamUrl}\\?invite=[2-9A-Z]{12}$`));
    await keepScreenshot(alicePage, "team-share-link-desktop-en");
    await alicePage.getByLabel(/Grams to put in/).fill("300");
    await alicePage.getByRole("button", { name: "Put in energy" }).click();
    await expect.poll(() => alicePage.getByTestId("team-pool").textContent()).toBe("300 g of 520 g pooled");

    const bobContext = await browser.newContext("zh-CN");
    const bobPage = await bobContext.newPage();
    await logIn(bobPage, bob.email, bob.password);
    // Without the link the team is not there for him, friend or not.
    expect((await bobPage.goto(teamUrl))!.status()).toBe(404);
    await bobPage.goto(link);
    await bobPage.getByRole("button", { name: "加入" }).click();
    await bobPage.getByLabel(/投入克数/).fill("300");
    await bobPage.getByRole("button", { name: "投入能量" }).click();
    await expect.poll(() => bobPage.getByRole("status").textContent()).toBe("凑齐了！正在为团队兑换。");

    // The worker settles the team's redemption; the certificate names both members.
    await expect.poll(async () => {
      await alicePage.reload();
      return alicePage.getByTestId("team-certificate").count();
    }, { timeout: 30_000 }).toBe(1);
    await alicePage.getByTestId("team-certificate").click();
    await expect.poll(() => alicePage.getByTestId("certificate-team").textContent()).toBe("Planted together by team Pandas: Alice, Bob");
    expect((await call("GET", "/api/v1/me/forest", undefined, bob.token)).body.balance).toBe(1_000 - 220);
    await Promise.all([aliceContext.close(), bobContext.close()]);
  });
});
