import pg from "pg";
import { describe, expect, it } from "vitest";
import { migrateDatabase } from "../../app/server/migrate";
import { SERVER_URL, uniqueName } from "../support/test-database";

// npm start on a database with nothing to migrate must not wait for Prisma's schema engine (~12 s
// here): the migrations it holds are compared with prisma/migrations first.

describe("migrating at start-up", () => {
  it("migrates a new database, then finds nothing to do without starting Prisma", { timeout: 120_000 }, async () => {
    const name = uniqueName("sapling_migrate");
    const admin = new pg.Client({ connectionString: SERVER_URL });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${name}"`);
    const url = new URL(SERVER_URL);
    url.pathname = `/${name}`;
    try {
      expect(await migrateDatabase(url.toString())).toBe("migrated");
      expect(await migrateDatabase(url.toString())).toBe("up to date");
      // A migration whose file changed after it was applied is Prisma's to judge, not skipped.
      const client = new pg.Client({ connectionString: url.toString() });
      await client.connect();
      await client.query(`UPDATE "_prisma_migrations" SET checksum = 'changed' WHERE migration_name = (SELECT max(migration_name) FROM "_prisma_migrations")`);
      await client.end();
      await expect(migrateDatabase(url.toString())).resolves.toBe("migrated");
    } finally {
      await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await admin.end();
    }
  });
});
