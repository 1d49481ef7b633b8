import { describe, expect, it } from "vitest";
import { call, grantAsOperator, newAccount, reportAction, twoDaysAgo } from "../support/api-client";
import { DESKTOP, keepScreenshot, logIn, PHONE, useBrowser } from "../support/browser";

const browser = useBrowser();

describe("the energy game between two friends", () => {
  it("collects into the tree, steals, is stopped by a cover, waters, and each side's feed tells it, on a phone and a desktop, in English and Chinese", async () => {
    const alice = await newAccount("Alice");
    const bob = await newAccount("Bob");
    for (const [who, type] of [
      [alice, "metro_ride"],
      [bob, "bus_ride"],
      [bob, "movie_ticket"],
    ] as const) {
      expect((await reportAction(who.email, type, twoDaysAgo())).status).toBe(201);
    }

    // Alice plays on a phone in English, Bob on a desktop in Chinese.
    const aliceContext = await browser.newContext("en-US", PHONE);
    const alicePage = await aliceContext.newPage();
    await logIn(alicePage, alice.email, alice.password);
    await alicePage.goto("/friends");
    await alicePage.getByPlaceholder("Email or invite code").fill(bob.email);
    await alicePage.getByRole("button", { name: "Send request" }).click();
    await expect.poll(() => alicePage.getByText("Request sent.").count()).toBe(1);

    const bobContext = await browser.newContext("zh-CN", DESKTOP);
    const bobPage = await bobContext.newPage();
    await logIn(bobPage, bob.email, bob.password);
    await bobPage.goto("/friends");
    await bobPage.getByTestId("incoming-request").getByRole("button", { name: "接受" }).click();
    await expect.poll(() => bobPage.getByTestId("friend").filter({ hasText: "Alice" }).count()).toBe(1);

    // Alice's forest: the scene, her ripe ball over the tree; a tap sends it in and the balance counts up.
    await alicePage.goto("/forest");
    const scene = alicePage.getByTestId("forest-scene");
    expect(await scene.getAttribute("data-stage")).toBe("seed");
    expect(await alicePage.getByRole("progressbar", { name: /Growth of your next sea-buckthorn/ }).getAttribute("aria-valuetext")).toBe("0 / 18,880 g to your next sea-buckthorn");
    await keepScreenshot(alicePage, "forest-phone-before-collect");
    await scene.getByRole("button", { name: "Collect 52 g from Metro ride" }).click();
    await expect.poll(() => alicePage.getByTestId("energy-balance").getAttribute("data-value")).toBe("52");
    await expect.poll(() => alicePage.getByTestId("collect-announcement").textContent()).toBe("Collected 52 g");
    await expect.poll(() => alicePage.getByTestId("energy-balance").textContent()).toBe("52 g");
    expect(await alicePage.getByRole("progressbar", { name: /sea-buckthorn/ }).getAttribute("aria-valuenow")).toBe("52");

    // Bob's forest seen by Alice: a hand on each ball she may take; taken from once, it is spent.
    await alicePage.getByTestId("tab-bar").getByRole("link", { name: "Friends" }).click();
    await alicePage.getByTestId("friend").filter({ hasText: "Bob" }).getByRole("link").click();
    const bobBalls = alicePage.getByTestId("energy-ball");
    await expect.poll(() => bobBalls.count()).toBe(2);
    expect(await alicePage.locator(".scene-ball .hand").count()).toBe(2);
    await bobBalls.first().getByRole("button", { name: /^Take from/ }).click();
    await expect.poll(() => alicePage.getByTestId("take-result").textContent()).toMatch(/^You took \d+ g$/);
    const took = Number((await alicePage.getByTestId("take-result").textContent())!.match(/\d+/)![0]);
    await expect.poll(() => alicePage.locator("[data-testid=energy-ball][data-spent]").count()).toBe(1);
    expect(await alicePage.locator("[data-testid=energy-ball][data-spent]").getByRole("button").count()).toBe(0);
    await keepScreenshot(alicePage, "friend-forest-phone-after-take");

    // Bob turns on a protection cover; Alice sees the dome, and her next try is stopped.
    await bobPage.goto("/forest");
    await bobPage.getByRole("button", { name: /使用保护罩/ }).click();
    await expect.poll(() => bobPage.getByTestId("cover-on").count()).toBe(1);
    expect(await bobPage.getByTestId("cover-dome").count()).toBe(1);
    await keepScreenshot(bobPage, "forest-desktop-covered-zh");
    // Three waterings cost 54 g; what Alice took is random and may be 1 g, so 52 + take may not cover them.
    await grantAsOperator(alice.id, 18);
    await alicePage.reload();
    expect(await alicePage.getByTestId("friend-cover").count()).toBe(1);
    expect(await alicePage.getByTestId("cover-dome").count()).toBe(1);
    await alicePage.locator("[data-testid=energy-ball]:not([data-spent])").getByRole("button").click();
    await expect.poll(() => alicePage.getByTestId("take-result").textContent()).toBe("A protection cover stopped you.");

    // Alice waters Bob three times (18 g each); then the buttons say there is no more today.
    expect(await alicePage.getByTestId("waterings-left").textContent()).toContain("3 more times today");
    for (let i = 0; i < 3; i++) {
      await alicePage.getByRole("button", { name: "18 g", exact: true }).click();
      await expect.poll(() => alicePage.getByTestId("waterings-left").textContent()).toContain(i === 2 ? "0 more times today" : `${2 - i} more time`);
    }
    expect(await alicePage.getByRole("button", { name: "18 g", exact: true }).isDisabled()).toBe(true);

    // Alice's own feed tells what she did.
    await alicePage.goto("/forest");
    const aliceFeed = alicePage.getByTestId("feed");
    await expect.poll(() => aliceFeed.textContent()).toContain("You watered Bob with 18 g");
    expect(await aliceFeed.textContent()).toContain(`You took ${took} g from Bob`);
    expect(await aliceFeed.textContent()).toContain("You collected 52 g (Metro ride)");

    // Bob's, in Chinese, what was done to him.
    await bobPage.reload();
    const feed = bobPage.getByTestId("feed");
    await expect.poll(() => feed.textContent()).toContain("Alice 给你浇水 18 克");
    expect(await feed.textContent()).toContain("Alice 想收你的能量，被保护罩挡住了");
    expect(await feed.textContent()).toContain(`Alice 收走了你 ${took} 克能量`);
    await expect.poll(() => bobPage.getByTestId("energy-balance").textContent()).toBe("54 克");

    const { body: ledger } = await call("GET", "/api/v1/me/energy-ledger", undefined, bob.token);
    expect(ledger.entries.map((e: { kind: string }) => e.kind)).toContain("WATER");
    await aliceContext.close();
    await bobContext.close();
  });

  it("lets a consumer in the demo trigger a sample action, within the caps", async () => {
    const carol = await newAccount("Carol");
    const context = await browser.newContext("en-US");
    const page = await context.newPage();
    await logIn(page, carol.email, carol.password);
    await page.goto("/forest");
    const panel = page.getByTestId("demo-panel");
    await panel.getByRole("button", { name: "Walking" }).click();
    await expect.poll(() => panel.getByRole("status").textContent()).toBe("You earned an energy ball of 200 g");
    await panel.getByRole("button", { name: "Walking" }).click();
    await expect.poll(() => panel.getByRole("status").textContent()).toBe("Today's limit for this action is reached.");
    await expect.poll(() => page.getByTestId("energy-ball").count()).toBe(1);

    // Ripe at once, whatever the hour, and labelled as the demo shortcut it is.
    const ball = page.getByTestId("energy-ball");
    expect(await ball.getAttribute("data-state")).toBe("RIPE");
    expect(await ball.getByTestId("demo-shortcut").textContent()).toBe("Demo shortcut: ripe at once");
    await ball.getByRole("button", { name: "Collect 200 g from Walking" }).click();
    await expect.poll(() => page.getByTestId("energy-balance").textContent()).toBe("200 g");
    await context.close();
  });
});
