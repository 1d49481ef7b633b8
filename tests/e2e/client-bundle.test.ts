import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";

// The production build's browser bundles (`npm run test:e2e` builds them first). Remix replaces
// .server modules with empty ones in the browser, so server code left at a route's top level
// (a call such as `export const action = pageAction(...)`) would break the page once it loads.

const BUILD = path.resolve(__dirname, "../../public/build");
const SERVER_ONLY = ["pageAction", "handleApi", "openApiDocument", "$queryRaw", "$transaction", "requireUser", "readForm"];

async function bundles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(entries.map((entry) => (entry.isDirectory() ? bundles(path.join(dir, entry.name)) : Promise.resolve(entry.name.endsWith(".js") ? [path.join(dir, entry.name)] : []))));
  return nested.flat();
}

describe("the browser bundles", () => {
  it("carry no server-only code", async () => {
    const files = await bundles(BUILD);
    expect(files.length).toBeGreaterThan(10);
    const found: string[] = [];
    for (const file of files) {
      const text = await readFile(file, "utf8");
      for (const name of SERVER_ONLY) if (text.includes(name)) found.push(`${path.relative(BUILD, file)}: ${name}`);
    }
    expect(found).toEqual([]);
  });
});
