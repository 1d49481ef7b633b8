import { spawn } from "node:child_process";
import { chmod, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { freePort } from "../support/processes";

const root = path.resolve(__dirname, "../..");
let dataDir: string | undefined;

afterAll(async () => {
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

/** Runs `npm start`'s launcher with nothing configured, as a newcomer would, until it prints its URL. */
async function launch(webPort: number, pgPort: number) {
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(webPort), EMBEDDED_PG_PORT: String(pgPort), SAPLING_DATA_DIR: dataDir, LOG_LEVEL: "warn" };
  for (const name of ["DATABASE_URL", "REDIS_URL", "SESSION_SECRET", "NODE_ENV", "QUEUE_PREFIX", "COOKIE_SECURE"]) delete env[name];
  const child = spawn(path.join(root, "node_modules/.bin/tsx"), ["app/server/demo.ts"], { cwd: root, env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout.on("data", (chunk) => (output += chunk));
  child.stderr.on("data", (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const deadline = Date.now() + 90_000;
  while (!output.includes("Sapling is running at")) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`launcher did not start:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return { output: () => output, interrupt: () => (child.kill("SIGINT"), exited) };
}

async function postgresAnswers(port: number) {
  const client = new pg.Client({ connectionString: `postgresql://sapling:sapling@127.0.0.1:${port}/sapling`, connectionTimeoutMillis: 2_000 });
  try {
    await client.connect();
    return Number((await client.query("SELECT count(*) FROM \"User\"")).rows[0].count);
  } catch {
    return null;
  } finally {
    await client.end().catch(() => undefined);
  }
}

describe("npm start with nothing configured", () => {
  it("starts an embedded database and PostgreSQL queues, seeds once, and stops everything on Ctrl-C", { timeout: 240_000 }, async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), "sapling-demo-"));
    await chmod(dataDir, 0o755); // as root, the database runs as the postgres user, who must reach it
    const [webPort, pgPort] = [await freePort(), await freePort()];

    const first = await launch(webPort, pgPort);
    expect(first.output()).toContain("demo data: seeded now");
    expect(first.output()).toContain("consumer@sapling.demo");
    const health = await fetch(`http://127.0.0.1:${webPort}/healthz`);
    expect(await health.json()).toEqual({ status: "ok", database: "up", queue: { backend: "postgres", status: "up" } });
    const login = await fetch(`http://127.0.0.1:${webPort}/api/v1/sessions`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ email: "operator@sapling.demo", password: "sapling-demo" }),
    });
    expect(login.status).toBe(201);
    const users = await postgresAnswers(pgPort);
    expect(users).toBe(4); // the demo users: consumer, guardian, operator, checker

    expect(await first.interrupt()).toBe(0);
    expect(await postgresAnswers(pgPort)).toBeNull();

    const second = await launch(webPort, pgPort);
    expect(second.output()).toContain("demo data: already there");
    expect(await postgresAnswers(pgPort)).toBe(users);
    expect(await second.interrupt()).toBe(0);
    expect(await postgresAnswers(pgPort)).toBeNull();
  });
});
