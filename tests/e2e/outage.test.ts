import { mkdir, mkdtemp, rm } from "node:fs/promises";
import path from "node:path";
import { afterAll, describe, expect, inject, it } from "vitest";
import { startEmbeddedPostgres } from "../../app/server/embedded-db";
import { RELOCATED_ROOT } from "../../app/server/embedded-db-placement";
import { migrateDatabase } from "../../app/server/migrate";
import { freePort, startService, waitForHttp, type ServiceProcess } from "../support/processes";

// A web process on a PostgreSQL of this test's own, which the test crashes (SIGQUIT: the
// postmaster and every backend stop at once, no checkpoint) and starts again, under load.

const root = path.resolve(__dirname, "../..");
let dataDir: string | undefined;
let database: Awaited<ReturnType<typeof startEmbeddedPostgres>> | undefined;
let web: ServiceProcess | undefined;

afterAll(async () => {
  await web?.stop();
  await database?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
  // As root, a private folder's cluster lives where the postgres account can reach it.
  const cluster = database?.placement.clusterDir;
  if (cluster?.startsWith(`${RELOCATED_ROOT}/`)) await rm(path.dirname(cluster), { recursive: true, force: true });
});

// A request's phase is where it started and ended: one under way while the server went down or
// came back may have been answered either way.
type Seen = { phase: string; path: string; status?: number; error?: string; retryAfter?: string | null; type?: string | null; body?: string };

describe("a database outage under load", () => {
  it("answers 503 with Retry-After (JSON for the API, a page for people) while PostgreSQL is down, and recovers by itself", { timeout: 300_000 }, async () => {
    await mkdir(path.join(root, "tests/.artifacts"), { recursive: true });
    dataDir = await mkdtemp(path.join(root, "tests/.artifacts/outage-"));
    const pgPort = await freePort();
    database = await startEmbeddedPostgres(dataDir, pgPort);
    await migrateDatabase(database.url);
    const port = await freePort();
    web = startService("app/server/web.ts", { ...inject("serviceEnv"), DATABASE_URL: database.url, PORT: String(port), HOST: "127.0.0.1" });
    const base = `http://127.0.0.1:${port}`;
    await waitForHttp(`${base}/healthz`, web);

    const seen: Seen[] = [];
    let phase = "up";
    let stopLoad = false;
    const paths = ["/api/v1/projects", "/projects", "/transparency"];
    const load = Promise.all(
      Array.from({ length: 6 }, async (_, worker) => {
        for (let i = worker; !stopLoad; i++) {
          const where = paths[i % paths.length]!;
          const started = phase;
          const at = () => (phase === started ? started : "between");
          try {
            const response = await fetch(`${base}${where}`, { headers: { Accept: where.startsWith("/api") ? "application/json" : "text/html" } });
            const body = await response.text();
            seen.push({ phase: at(), path: where, status: response.status, retryAfter: response.headers.get("retry-after"), type: response.headers.get("content-type"), body });
          } catch (error) {
            seen.push({ phase: at(), path: where, error: String((error as Error).cause ?? error) });
          }
        }
      }),
    );
    const count = (p: string) => seen.filter((s) => s.phase === p).length;
    const until = async (done: () => boolean) => {
      while (!done()) await new Promise((resolve) => setTimeout(resolve, 50));
    };

    await until(() => count("up") >= 60);
    phase = "stopping"; // requests under way while it goes down may still have been served
    await database.stop("SIGQUIT");
    phase = "down";
    await until(() => count("down") >= 120);
    database = await startEmbeddedPostgres(dataDir, pgPort);
    phase = "restarted";
    await until(() => seen.some((s) => s.phase === "restarted" && s.status === 200 && s.path === "/api/v1/projects"));
    phase = "recovered";
    await until(() => count("recovered") >= 60);
    stopLoad = true;
    await load;

    // Never an error page, never a broken connection: up, 503 while down, up again.
    expect(seen.filter((s) => s.error || (s.status! >= 500 && s.status !== 503)).map((s) => `${s.phase} ${s.path} ${s.status ?? s.error}`)).toEqual([]);
    expect(seen.filter((s) => (s.phase === "up" || s.phase === "recovered") && s.status !== 200).map((s) => `${s.phase} ${s.path} ${s.status}`)).toEqual([]);
    const unavailable = seen.filter((s) => s.status === 503);
    expect(unavailable.length).toBeGreaterThan(0);
    expect(unavailable.every((s) => s.retryAfter === "5")).toBe(true);
    for (const s of unavailable) {
      if (s.path.startsWith("/api")) expect(JSON.parse(s.body!)).toEqual({ error: { code: "unavailable", message: expect.stringContaining("try again") } });
      else expect({ type: s.type, unavailable: s.body!.includes("briefly unavailable") }).toEqual({ type: expect.stringMatching(/text\/html/), unavailable: true });
    }
    expect(seen.filter((s) => s.phase === "down" && s.status !== 503).map((s) => `${s.path} ${s.status}`)).toEqual([]);
  });
});
