import type { TestProject } from "vitest/node";
import { seedDatabase } from "./seed";
import { freePort, startService, waitForHttp } from "./processes";
import { createFreshDatabase, deleteRedisPrefix, REDIS_URL, uniqueName } from "./test-database";

declare module "vitest" {
  export interface ProvidedContext {
    baseUrl: string;
    serviceEnv: Record<string, string>;
  }
}


// The production build served by the production entry point, against a fresh database and queue namespace.
export default async function setup(project: TestProject) {
  const database = await createFreshDatabase("sapling_e2e");
  try {
    await seedDatabase(database.url);
  } catch (error) {
    await database.drop();
    throw error;
  }
  const queuePrefix = uniqueName("e2e").toLowerCase();
  const port = await freePort();
  const serviceEnv = {
    DATABASE_URL: database.url,
    REDIS_URL,
    QUEUE_PREFIX: queuePrefix,
    SESSION_SECRET: "e2e-session-secret-with-at-least-32-chars",
    COOKIE_SECURE: "false",
    OUTBOX_POLL_MS: "100",
    DEMO_MODE: "true",
    // Tests change data and look again at once; the cache has its own file (page-cache.test.ts).
    PAGE_CACHE_MS: "0",
    // Every test comes from 127.0.0.1, far faster than people: the limits have a file of their own
    // (rate-limits.test.ts) with the deployment's defaults.
    RATE_LIMIT_PER_MINUTE: "0",
    RATE_LIMIT_LOGINS_PER_MINUTE: "100000",
    RATE_LIMIT_SIGNUPS_PER_HOUR: "100000",
    RATE_LIMIT_RECEIPT_MISSES_PER_HOUR: "100000",
  };
  const web = startService("app/server/web.ts", { ...serviceEnv, PORT: String(port), HOST: "127.0.0.1" });
  const baseUrl = `http://127.0.0.1:${port}`;
  try {
    await waitForHttp(`${baseUrl}/healthz`, web);
  } catch (error) {
    await web.stop();
    await database.drop();
    throw error;
  }
  project.provide("baseUrl", baseUrl);
  project.provide("serviceEnv", serviceEnv);
  return async () => {
    await web.stop();
    await deleteRedisPrefix(queuePrefix);
    await database.drop();
  };
}
