import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { COMMON_SECTIONS, SECTIONS } from "~/i18n/config";
import { en } from "~/i18n/en";
import { zh } from "~/i18n/zh";
import { sectionsUsedBy } from "../support/message-sections";

// A page is sent the messages of its routes' sections only (handle.i18n), in its language only.
// Here: every section a route's code (and what it imports) may show is in its list, so no page can
// show a raw key for want of its messages; and the sections are the message file's.

const routes = path.resolve(__dirname, "../../app/routes");
const all = [...COMMON_SECTIONS, ...SECTIONS];

function declared(file: string): string[] {
  const found = /export const handle = \{ i18n: (\[[^\]]*\]) \}/.exec(readFileSync(file, "utf8"));
  return found ? (JSON.parse(found[1]!) as string[]) : [];
}

describe("message sections per route", () => {
  it("are exactly the message file's top-level sections, and every message is in both languages", () => {
    expect([...all].sort()).toEqual(Object.keys(en).sort());
    // The browser never fetches the other language as a fallback (entry.client.tsx), so none may be missing.
    const leaves = (tree: object, prefix = ""): string[] =>
      Object.entries(tree).flatMap(([key, value]) => (value && typeof value === "object" ? leaves(value, `${prefix}${key}.`) : [`${prefix}${key}`.replace(/_(one|other)$/, "")]));
    expect([...new Set(leaves(zh))].sort()).toEqual([...new Set(leaves(en))].sort());
  });

  it("cover what each page's code may show; the root needs only the shared ones", () => {
    const missing: string[] = [];
    for (const file of readdirSync(routes).filter((name) => name.endsWith(".tsx"))) {
      const full = path.join(routes, file);
      const have = new Set([...COMMON_SECTIONS, ...declared(full)]);
      for (const section of sectionsUsedBy(full, all)) if (!have.has(section)) missing.push(`${file}: ${section}`);
    }
    expect(missing).toEqual([]);
    const root = [...sectionsUsedBy(path.resolve(__dirname, "../../app/root.tsx"), all)];
    expect(root.filter((section) => !(COMMON_SECTIONS as readonly string[]).includes(section))).toEqual([]);
  });

  it("send a page far less than both languages whole", () => {
    const size = (sections: string[]) => JSON.stringify(sections.map((s) => en[s as keyof typeof en])).length;
    const whole = JSON.stringify(en).length + JSON.stringify(zh).length;
    const forest = size([...COMMON_SECTIONS, ...declared(path.join(routes, "forest.tsx"))]);
    expect(forest).toBeLessThan(whole / 4);
  });
});
