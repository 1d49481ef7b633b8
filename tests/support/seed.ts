import { fileURLToPath } from "node:url";
import { spawn } from "node:child_process";
import path from "node:path";

// ESM: scripts run by tsx (the bench) have no __dirname.
const here = path.dirname(fileURLToPath(import.meta.url));

/** Fills a migrated database with the demo data, as `npm start` does on a first run. */
export function seedDatabase(databaseUrl: string) {
  return new Promise<void>((resolve, reject) => {
    const child = spawn(path.resolve(here, "../../node_modules/.bin/tsx"), ["prisma/seed.ts"], {
      cwd: path.resolve(here, "../.."),
      env: { ...process.env, DATABASE_URL: databaseUrl },
      stdio: "inherit",
    });
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`seed failed (${code})`))));
  });
}
