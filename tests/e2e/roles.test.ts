import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { call, newAccount } from "../support/api-client";
import { DEMO_PASSWORD, logIn, useBrowser } from "../support/browser";

const browser = useBrowser();

describe("guardians and operators", () => {
  it("shows a guardian the protected land they hold", async () => {
    const context = await browser.newContext("en-US");
    const page = await context.newPage();
    await logIn(page, "guardian@sapling.demo");
    await page.goto("/plots");
    const row = page.getByTestId("plot-row").filter({ hasText: "GBA-00000001" });
    expect(await row.count()).toBe(1);
    // The 20 m² are drawn cell by cell, as one shape, and located in Guanba (Pingwu, about 32.6° N 104.3° E).
    const cells = await row.getByTestId("plot-shape").locator("path").getAttribute("d");
    // Rectangles (each row's run of cells merged) whose areas add up to exactly 20 m².
    const area = [...cells!.matchAll(/h([\d.]+)v([\d.]+)/g)].reduce((sum, [, w, h]) => sum + Number(w) * Number(h), 0);
    expect(area).toBe(20);
    expect(await row.textContent()).toContain("20 m²");
    expect(await row.getByTestId("plot-centre").textContent()).toMatch(/^Centre 32\.5\d{5}, 104\.2\d{5}$/);
    await context.close();
  });

  it("shows a new consumer an empty plots page that points to the projects", async () => {
    const newcomer = await newAccount("Newcomer");
    const context = await browser.newContext("en-US");
    const page = await context.newPage();
    await logIn(page, newcomer.email, newcomer.password);
    await page.goto("/plots");
    expect(await page.getByText("You do not hold any plots yet.").count()).toBe(1);
    expect(await page.locator("main").getByRole("link", { name: "Find a project" }).getAttribute("href")).toBe("/projects");
    await context.close();
  });

  it("lists recent redemptions for an operator only", async () => {
    const visitor = await browser.newContext("en-US");
    const visitorPage = await visitor.newPage();
    await visitorPage.goto("/ops/redemptions");
    expect(new URL(visitorPage.url()).pathname).toBe("/login");
    expect(new URL(visitorPage.url()).searchParams.get("redirectTo")).toBe("/ops/redemptions");
    await visitor.close();

    const consumer = await browser.newContext("en-US");
    const consumerPage = await consumer.newPage();
    await logIn(consumerPage, "guardian@sapling.demo");
    const response = await consumerPage.goto("/ops/redemptions");
    expect(response?.status()).toBe(403);
    expect(await consumerPage.getByText("Your account cannot open this page.").count()).toBe(1);
    await consumer.close();

    // A redemption made now is the newest, so on the first page whatever other files redeemed
    // before (the page lists 25; the seeded one may be pages back by now).
    const { token } = (await call("POST", "/api/v1/sessions", { email: "guardian@sapling.demo", password: DEMO_PASSWORD })).body;
    const projects = (await call("GET", "/api/v1/projects")).body as { id: string; kind: string }[];
    const guanba = projects.find((p) => p.kind === "PROTECTED_AREA")!;
    const made = await call("POST", "/api/v1/redemptions", { projectId: guanba.id, quantity: 1, idempotencyKey: randomUUID() }, token);
    expect(made.status).toBe(202);

    const operator = await browser.newContext("en-US");
    const operatorPage = await operator.newPage();
    await logIn(operatorPage, "operator@sapling.demo");
    await operatorPage.goto("/ops/redemptions");
    const first = operatorPage.getByTestId("redemption-row").first();
    expect(await first.textContent()).toContain("guardian@sapling.demo");
    expect(["PENDING", "SETTLED"]).toContain(await first.getAttribute("data-status"));
    await operator.close();
  });
});
