import { describe, expect, it } from "vitest";
import { call, newAccount, reportAction, twoDaysAgo } from "../support/api-client";
import { logIn, useBrowser } from "../support/browser";

const browser = useBrowser();

describe("the energy game between two friends", () => {
  it("steals, is stopped by a cover, waters, and each side's feed tells it, in English and Chinese", async () => {
    const alice = await newAccount("Alice");
    const bob = await newAccount("Bob");
    for (const [who, type] of [
      [alice, "metro_ride"],
      [bob, "bus_ride"],
      [bob, "movie_ticket"],
    ] as const) {
      expect((await reportAction(who.email, type, twoDaysAgo())).status).toBe(201);
    }

    // Alice asks Bob by email in the page; Bob accepts in his.
    const aliceContext = await browser.newContext("en-US");
    const alicePage = await aliceContext.newPage();
    await logIn(alicePage, alice.email, alice.password);
    await alicePage.goto("/friends");
    await alicePage.getByPlaceholder("Email or invite code").fill(bob.email);
    await alicePage.getByRole("button", { name: "Send request" }).click();
    await expect.poll(() => alicePage.getByText("Request sent.").count()).toBe(1);

    const bobContext = await browser.newContext("zh-CN");
    const bobPage = await bobContext.newPage();
    await logIn(bobPage, bob.email, bob.password);
    await bobPage.goto("/friends");
    await bobPage.getByTestId("incoming-request").getByRole("button", { name: "接受" }).click();
    await expect.poll(() => bobPage.getByTestId("friend").filter({ hasText: "Alice" }).count()).toBe(1);

    // Alice collects her own ball, then takes part of one of Bob's.
    await alicePage.goto("/forest");
    await alicePage.getByTestId("energy-ball").getByRole("button", { name: "Collect" }).click();
    await expect.poll(() => alicePage.getByTestId("energy-balance").textContent()).toBe("52 g");
    await alicePage.goto("/friends");
    await alicePage.getByRole("link", { name: "Bob" }).click();
    const bobBalls = alicePage.getByTestId("friend-ball");
    await expect.poll(() => bobBalls.count()).toBe(2);
    await bobBalls.first().getByRole("button").click();
    await expect.poll(() => alicePage.getByRole("status").first().textContent()).toMatch(/^You took \d+ g$/);
    const took = Number((await alicePage.getByRole("status").first().textContent())!.match(/\d+/)![0]);

    // Bob turns on a protection cover; Alice's next try is stopped.
    await bobPage.goto("/forest");
    await bobPage.getByRole("button", { name: /使用保护罩/ }).click();
    await expect.poll(() => bobPage.getByTestId("cover-on").count()).toBe(1);
    await alicePage.reload();
    expect(await alicePage.getByTestId("friend-cover").count()).toBe(1);
    await alicePage.getByTestId("friend-ball").nth(1).getByRole("button").click();
    await expect.poll(() => alicePage.getByRole("status").first().textContent()).toBe("A protection cover stopped you.");

    // Alice waters Bob 18 g.
    await alicePage.getByRole("button", { name: "18 g", exact: true }).click();
    await expect.poll(() => alicePage.getByText("You watered 18 g").count()).toBe(1);

    await bobPage.reload();
    const feed = bobPage.getByTestId("feed");
    await expect.poll(() => feed.textContent()).toContain("Alice 给你浇水 18 克");
    expect(await feed.textContent()).toContain("Alice 想收你的能量，被保护罩挡住了");
    expect(await feed.textContent()).toContain(`Alice 收走了你 ${took} 克能量`);
    expect(await bobPage.getByTestId("energy-balance").textContent()).toBe("18 克");

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
    await ball.getByRole("button", { name: "Collect" }).click();
    await expect.poll(() => page.getByTestId("energy-balance").textContent()).toBe("200 g");
    await context.close();
  });
});
