import { spawn } from "node:child_process";
import path from "node:path";

/** Fills a migrated database with the demo data, as `npm start` does on a first run. */
export function seedDatabase(databaseUrl: string) {
  return new Promise<void>((resolve, reject) => {
    const child = spawn(path.resolve(__dirname, "../../node_modules/.bin/tsx"), ["prisma/seed.ts"], {
      cwd: path.resolve(__dirname, "../.."),
      env: { ...process.env, DATABASE_URL: databaseUrl },
      stdio: "inherit",
    });
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`seed failed (${code})`))));
  });
}
