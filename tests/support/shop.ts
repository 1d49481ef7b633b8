import type { Page } from "playwright-core";

/** The sandbox checkout's delivery details: a real-looking Chinese address, with some fields changed. */
export async function fillDelivery(page: Page, changes: Partial<Record<"name" | "phone" | "address", string>>) {
  const values = { name: "Ivy Chen", phone: "138 0013 8000", province: "四川省", city: "绵阳市", district: "平武县", address: "关坝村 3 组 12 号", postcode: "622550", ...changes };
  for (const [field, value] of Object.entries(values)) await page.locator(`input[name=${field}]`).fill(value);
}
