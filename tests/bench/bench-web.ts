import { freePort, startService, waitForHttp } from "../support/processes";
import { REDIS_URL, uniqueName } from "../support/test-database";

/** The production web process on `databaseUrl`, on a free port, answering /healthz. */
export async function startBenchWeb(databaseUrl: string, name: string, env: Record<string, string> = {}) {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const web = startService("app/server/web.ts", {
    DATABASE_URL: databaseUrl, REDIS_URL, QUEUE_PREFIX: uniqueName(name).toLowerCase(), PORT: String(port), HOST: "127.0.0.1",
    SESSION_SECRET: "bench-session-secret-with-at-least-32-chars", COOKIE_SECURE: "false", LOG_LEVEL: "warn",
    // One load generator on one address is not a crowd: the per-address ceiling would stop it.
    RATE_LIMIT_PER_MINUTE: "0", ...env,
  });
  await waitForHttp(`${base}/healthz`, web);
  return { web, base };
}
