import { describe, expect, it } from "vitest";
import { useBrowser } from "../support/browser";

const browser = useBrowser();

describe("language", () => {
  it("follows Accept-Language, and the switcher's choice sticks", async () => {
    const chinese = await browser.newContext("zh-CN");
    const page = await chinese.newPage();
    await page.goto("/projects");
    expect(await page.locator("html").getAttribute("lang")).toBe("zh");
    expect(await page.locator("h1").textContent()).toBe("项目");
    expect(await page.getByRole("link", { name: "内蒙古沙棘经济林" }).count()).toBe(1);

    await page.getByTestId("language-switch").click();
    await expect.poll(() => page.locator("h1").textContent()).toBe("Projects");
    expect(await page.locator("html").getAttribute("lang")).toBe("en");
    await page.goto("/login");
    expect(await page.locator("h1").textContent()).toBe("Log in");
    await chinese.close();

    const english = await browser.newContext("en-US");
    const englishPage = await english.newPage();
    await englishPage.goto("/");
    expect(await englishPage.locator("html").getAttribute("lang")).toBe("en");
    await english.close();
  });

  it("defaults to Chinese when the browser asks for a language we do not have", async () => {
    const context = await browser.newContext("fr-FR");
    const page = await context.newPage();
    await page.goto("/");
    expect(await page.locator("html").getAttribute("lang")).toBe("zh");
    await context.close();
  });
});
