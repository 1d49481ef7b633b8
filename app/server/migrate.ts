import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import pg from "pg";

const MIGRATIONS = path.resolve("prisma/migrations");

/**
 * Whether every migration in prisma/migrations is already applied, unchanged (the checksum Prisma
 * keeps is the SHA-256 of its migration.sql). Prisma's schema engine takes ~12 s to start here
 * even with nothing to do; a query of its own table takes milliseconds.
 */
async function nothingToMigrate(databaseUrl: string): Promise<boolean> {
  const names = (await readdir(MIGRATIONS, { withFileTypes: true })).filter((entry) => entry.isDirectory()).map((entry) => entry.name);
  const client = new pg.Client({ connectionString: databaseUrl });
  try {
    await client.connect();
    const { rows } = await client.query<{ migration_name: string; checksum: string }>(
      `SELECT migration_name, checksum FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
    );
    const applied = new Map(rows.map((row) => [row.migration_name, row.checksum]));
    for (const name of names) {
      const sql = await readFile(path.join(MIGRATIONS, name, "migration.sql"));
      if (applied.get(name) !== createHash("sha256").update(sql).digest("hex")) return false;
    }
    return true;
  } catch {
    return false; // no such table yet (a new database): Prisma creates it
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Applies pending Prisma migrations to `databaseUrl` (prisma migrate deploy); says whether it had to. */
export async function migrateDatabase(databaseUrl: string): Promise<"migrated" | "up to date"> {
  if (await nothingToMigrate(databaseUrl)) return "up to date";
  const prisma = path.resolve("node_modules/.bin/prisma");
  await new Promise<void>((resolve, reject) => {
    const child = spawn(prisma, ["migrate", "deploy"], {
      env: { ...process.env, DATABASE_URL: databaseUrl },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (output += chunk));
    child.on("error", reject);
    child.on("exit", (code) =>
      code === 0 ? resolve() : reject(new Error(`prisma migrate deploy failed (exit ${code}):\n${output}`)),
    );
  });
  return "migrated";
}
