import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { DEMO_PASSWORD, DEMO_TOTP_SECRET, DEMO_USERS, seedDemo } from "../../prisma/seed";
import { startEmbeddedPostgres } from "./embedded-db";
import { LOCATION_NOTE } from "./embedded-db-placement";
import { runMain } from "./lifecycle";
import { migrateDatabase } from "./migrate";

// `npm start`: the whole product in one process, with embedded defaults for what is not configured.
const dataDir = path.resolve(process.env.SAPLING_DATA_DIR ?? ".data");

function persistentSecret(file: string) {
  mkdirSync(dataDir, { recursive: true });
  const full = path.join(dataDir, file);
  if (!existsSync(full)) writeFileSync(full, randomBytes(32).toString("hex"), { mode: 0o600 });
  return readFileSync(full, "utf8").trim();
}

process.env.NODE_ENV ??= "production";
process.env.SAPLING_SERVICE ??= "demo";
process.env.DEMO_MODE ??= "true";
// Served over plain http on localhost, so the cookie cannot insist on https.
process.env.COOKIE_SECURE ??= "false";
process.env.SESSION_SECRET ??= persistentSecret("session-secret");

runMain(async (onStop) => {
  const embeddedDatabase = !process.env.DATABASE_URL;
  let databaseLine = "DATABASE_URL";
  let kept = "";
  // Registered first, so it runs last: after the web server, the workers and the database.
  onStop(async () => console.log(`\nSapling has stopped cleanly.${kept}`));
  if (embeddedDatabase) {
    const port = Number(process.env.EMBEDDED_PG_PORT ?? 54329);
    console.log(`Starting the embedded PostgreSQL on port ${port}…`);
    const embedded = await startEmbeddedPostgres(dataDir, port);
    process.env.DATABASE_URL = embedded.url;
    onStop(embedded.stop);
    const { clusterDir, relocatedBecause } = embedded.placement;
    databaseLine = `embedded PostgreSQL, data in ${clusterDir}`;
    kept = ` Its data stays in ${clusterDir} for the next npm start.`;
    if (relocatedBecause) databaseLine += `\n    (${relocatedBecause}, so its data lives there; ${path.join(dataDir, LOCATION_NOTE)} says so too)`;
  }
  const { env } = await import("~/utils/env.server");
  const config = env();
  await migrateDatabase(config.DATABASE_URL);
  const seeded = await seedDemo();

  const { startWorkers } = await import("../../workers/runtime");
  const { startWeb } = await import("./web");
  const { closeQueues, queueBackendKind } = await import("~/queue/queues.server");
  const { closeDatabase } = await import("~/db/client.server");
  onStop(() => closeDatabase());
  onStop(closeQueues);
  const workers = await startWorkers();
  onStop(workers.close);
  const web = await startWeb();
  onStop(web.close);

  const url = `http://localhost:${web.port}`;
  console.log(
    [
      "",
      `Sapling is running at ${url}`,
      `  database: ${databaseLine}`,
      `  queues: ${queueBackendKind() === "redis" ? "Redis (REDIS_URL)" : "PostgreSQL (no REDIS_URL)"}`,
      `  session secret and other local data: ${dataDir}`,
      `  demo data: ${seeded ? "seeded now" : "already there"}`,
      `  demo logins (password: ${DEMO_PASSWORD})`,
      `    consumer  ${DEMO_USERS.consumer.email}`,
      `    guardian  ${DEMO_USERS.guardian.email}`,
      `    operator  ${DEMO_USERS.operator.email}`,
      `    checker   ${DEMO_USERS.checker.email} (a second operator, to approve payouts)`,
      `  operators' authenticator secret: ${DEMO_TOTP_SECRET} (the pages also show the current code)`,
      env().SMTP_URL ? "  mail: sent through SMTP_URL" : `  mail: none leaves this machine; read it at ${url}/demo/mailbox (the sign-up link is there)`,
      "Press Ctrl-C to stop.",
      "",
    ].join("\n"),
  );
});
