import { afterAll, beforeAll, inject } from "vitest";
import { freePort, startService, waitForHttp, type ServiceProcess } from "./processes";
import { seedDatabase } from "./seed";
import { createFreshDatabase } from "./test-database";

/**
 * A seeded database and a web server on it for this e2e file alone: for files that change the
 * demo data (sign people up, post operator forms with real ids) the other files rely on.
 */
export function useOwnWebServer(name: string, env: Record<string, string> | (() => Record<string, string>) = {}) {
  let database: Awaited<ReturnType<typeof createFreshDatabase>> | undefined;
  let web: ServiceProcess | undefined;
  const own = { base: "", databaseUrl: "", output: () => web?.output() ?? "" };
  beforeAll(async () => {
    database = await createFreshDatabase(`sapling_${name}`);
    await seedDatabase(database.url);
    const port = await freePort();
    // A function: settings known only once an earlier hook ran (a test's own SMTP server's port).
    const extra = typeof env === "function" ? env() : env;
    web = startService("app/server/web.ts", { ...inject("serviceEnv"), ...extra, DATABASE_URL: database.url, PORT: String(port), HOST: "127.0.0.1" });
    own.base = `http://127.0.0.1:${port}`;
    own.databaseUrl = database.url;
    await waitForHttp(`${own.base}/healthz`, web);
  }, 180_000);
  afterAll(async () => {
    await web?.stop();
    await database?.drop();
  });
  return own;
}
