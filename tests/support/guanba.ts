import { randomBytes, randomUUID } from "node:crypto";
import { PNG } from "pngjs";
import type { Page } from "playwright-core";
import { expect } from "vitest";
import { call, grantAsOperator, newAccount } from "./api-client";

// The seeded Guanba protected area, for end-to-end tests of evidence: a new guardian's plot there,
// photos to upload, and the operators' evidence form filled in.

export type Plot = { code: string; centre: { lat: number; lon: number } };

/** A new guardian with a settled plot of `m2` m² of Guanba, redeemed through the API. */
export async function guanbaGuardian(name: string, m2: number) {
  const account = await newAccount(name);
  await grantAsOperator(account.id, m2 * 520);
  const guanba = ((await call("GET", "/api/v1/projects")).body as { id: string; slug: string }[]).find((p) => p.slug === "guanba-pingwu")!;
  const asked = await call("POST", "/api/v1/redemptions", { projectId: guanba.id, quantity: m2, idempotencyKey: randomUUID() }, account.token);
  expect(asked.status).toBe(202);
  let plots: Plot[] = [];
  let certificateNumber = "";
  await expect
    .poll(
      async () => {
        const redemption = (await call("GET", `/api/v1/redemptions/${asked.body.id}`, undefined, account.token)).body;
        plots = redemption.plots ?? [];
        certificateNumber = redemption.certificateNumber ?? "";
        return redemption.status;
      },
      { timeout: 30_000 },
    )
    .toBe("SETTLED");
  return { ...account, plot: plots[0]!, certificateNumber };
}

/** A PNG to upload, of bytes no other call makes. */
export function photoUpload(name: string, width = 64, height = 48) {
  const image = new PNG({ width, height });
  randomBytes(image.data.length).copy(image.data);
  for (let i = 3; i < image.data.length; i += 4) image.data[i] = 255;
  return { name, mimeType: "image/png", buffer: PNG.sync.write(image) };
}

/** The operators' evidence form (on a project's evidence page) filled in for a plot, photos aside. */
export async function fillEvidence(page: Page, plot: Plot, crew: string, people = 4) {
  await page.getByLabel("Plot code").fill(plot.code);
  await page.getByLabel("GPS latitude").fill(String(plot.centre.lat));
  await page.getByLabel("GPS longitude").fill(String(plot.centre.lon));
  await page.getByLabel("Crew").fill(crew);
  await page.getByLabel("Number of people").fill(String(people));
}
