import { defineConfig } from "prisma/config";
import { createMigrationAdapter } from "./app/db/pg-adapter.server";

// Prisma 6 cannot download its Rust engines here: migrate runs on the WASM schema engine through
// the pg driver adapter. prisma.config.ts does not read .env; DATABASE_URL comes from the process.
export default defineConfig({
  // One file per domain, mirroring app/ (generator and datasource in schema/schema.prisma).
  schema: "prisma/schema",
  migrations: { path: "prisma/migrations", seed: "tsx prisma/seed.ts" },
  experimental: { adapter: true },
  engine: "js",
  adapter: async () => createMigrationAdapter(requireDatabaseUrl()),
});

function requireDatabaseUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("DATABASE_URL is not set: prisma migrate needs the database to migrate");
  return url;
}
