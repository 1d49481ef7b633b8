import { randomUUID } from "node:crypto";
import type { Page } from "playwright-core";
import { describe, expect, inject, it } from "vitest";
import { call, grantAsOperator, newAccount } from "../support/api-client";
import { keepScreenshot, logIn, PHONE, useBrowser } from "../support/browser";
import { useWorkers } from "../support/processes";
import { fillEvidence, photoUpload, type Plot } from "../support/guanba";

// A ranger records evidence with no network: the records wait on the device (IndexedDB), are sent
// when the network returns, and leave the device only on the server's receipt. Closing the tab
// while a record is on its way leaves it on the device; sent again, it is stored once.

const browser = useBrowser();
const workers = useWorkers(() => inject("serviceEnv"));

async function threePlots(): Promise<{ projectId: string; plots: Plot[] }> {
  workers.start();
  const account = await newAccount("Field");
  await grantAsOperator(account.id, 3 * 520);
  const guanba = ((await call("GET", "/api/v1/projects")).body as { id: string; slug: string }[]).find((p) => p.slug === "guanba-pingwu")!;
  const plots: Plot[] = [];
  for (let i = 0; i < 3; i++) {
    const asked = await call("POST", "/api/v1/redemptions", { projectId: guanba.id, quantity: 1, idempotencyKey: randomUUID() }, account.token);
    await expect.poll(async () => (await call("GET", `/api/v1/redemptions/${asked.body.id}`, undefined, account.token)).body.status, { timeout: 60_000 }).toBe("SETTLED");
    plots.push(((await call("GET", `/api/v1/redemptions/${asked.body.id}`, undefined, account.token)).body as { plots: Plot[] }).plots[0]!);
  }
  return { projectId: guanba.id, plots };
}


async function recordPlanting(page: Page, plot: Plot, crew: string) {
  await fillEvidence(page, plot, crew);
  await page.getByTestId("evidence-photos").setInputFiles(photoUpload(`${crew}.png`, 32, 24));
  await page.getByRole("button", { name: "Record", exact: true }).click();
}

const onDevice = (page: Page) =>
  page.evaluate(
    () =>
      new Promise<number>((resolve, reject) => {
        const open = indexedDB.open("sapling-field-queue");
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          if (!db.objectStoreNames.contains("evidence")) return resolve(0);
          const count = db.transaction("evidence").objectStore("evidence").count();
          count.onsuccess = () => resolve(count.result);
        };
      }),
  );

describe("a ranger's offline records", () => {
  it("wait on the device, are sent when the network returns, and are stored once each even when the tab closes mid-send", async () => {
    const { projectId, plots } = await threePlots();
    const tag = randomUUID().slice(0, 6);
    const context = await browser.newContext("en-US", PHONE);
    const page = await context.newPage();
    await logIn(page, "operator@sapling.demo");
    await page.goto(`/ops/projects/${projectId}/evidence`);

    await context.setOffline(true);
    await expect.poll(() => page.getByText("No network: records are kept on this device").count()).toBe(1);
    for (const [i, plot] of plots.entries()) {
      await recordPlanting(page, plot, `Crew ${tag} ${i + 1}`);
      await expect.poll(() => page.getByTestId("queued-record").count()).toBe(i + 1);
    }
    expect(await page.getByTestId("queue-count").textContent()).toBe("3 records waiting to be sent");
    expect(await onDevice(page)).toBe(3);
    await keepScreenshot(page, "field-queue-offline-phone");

    // Back online: the first is sent and received; the second reaches the server, but the tab is
    // closed before the answer comes back.
    let sent = 0;
    let secondStored!: () => void;
    const secondReachedServer = new Promise<void>((resolve) => (secondStored = resolve));
    await page.route("**/evidence/queue", async (route) => {
      sent += 1;
      if (sent !== 2) return route.continue();
      await route.fetch();
      secondStored();
    });
    await context.setOffline(false);
    await secondReachedServer;
    await page.close();

    // Opened again: what is left is sent; the second, sent again, is not stored twice.
    const again = await context.newPage();
    await again.goto(`/ops/projects/${projectId}/evidence`);
    await expect.poll(() => onDevice(again), { timeout: 30_000 }).toBe(0);
    expect(await again.getByTestId("queued-record").count()).toBe(0);
    await again.reload();
    const feed = again.getByTestId("feed-evidence");
    for (const plot of plots) await expect.poll(() => feed.filter({ hasText: plot.code }).count()).toBe(1);
    await context.close();
  });
});
