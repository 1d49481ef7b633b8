import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { existsSync, readFileSync, realpathSync } from "node:fs";
import { copyFile, mkdir, mkdtemp, readFile, rm, stat } from "node:fs/promises";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { RELOCATED_ROOT } from "../../app/server/embedded-db-placement";
import { freePort } from "../support/processes";

const repo = path.resolve(__dirname, "../..");
const asRoot = process.getuid?.() === 0;

let privateFolder: string | undefined;
let clusterDir: string | undefined;
let running: Launch | undefined;

afterAll(async () => {
  // A failed run may leave the launcher or the embedded server up: stop them before removing their folders.
  const pidFile = clusterDir && path.join(clusterDir, "postmaster.pid");
  const leftOver = [
    () => running && process.kill(-running.child.pid!, "SIGKILL"),
    () => pidFile && existsSync(pidFile) && process.kill(Number(readFileSync(pidFile, "utf8").split("\n")[0]), "SIGINT"),
  ];
  for (const stop of leftOver) {
    try {
      stop();
    } catch {
      // already gone
    }
  }
  if (privateFolder) await rm(privateFolder, { recursive: true, force: true, maxRetries: 5 });
  if (clusterDir?.startsWith(`${RELOCATED_ROOT}/`)) await rm(path.dirname(clusterDir), { recursive: true, force: true, maxRetries: 5 });
});

/**
 * A clone of this checkout (its tracked and new files, as they are now) inside a folder only its
 * owner can enter, as a home at 0700 or `mktemp -d` is, with node_modules hard-linked in: npm
 * would install the same files, and hard links put them under the private folder too.
 */
async function cloneIntoPrivateFolder() {
  await mkdir(path.join(repo, "tests/.artifacts"), { recursive: true });
  privateFolder = await mkdtemp(path.join(repo, "tests/.artifacts/first-run-"));
  expect((await stat(privateFolder)).mode & 0o777).toBe(0o700);
  const project = path.join(privateFolder, "sapling");
  const files = execFileSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], { cwd: repo, encoding: "utf8" })
    .split("\0")
    .filter((file) => file && existsSync(path.join(repo, file)));
  for (const file of files) {
    await mkdir(path.dirname(path.join(project, file)), { recursive: true });
    await copyFile(path.join(repo, file), path.join(project, file));
  }
  execFileSync("cp", ["-al", realpathSync(path.join(repo, "node_modules")), path.join(project, "node_modules")]);
  return project;
}

type Launch = { child: ChildProcess; output: () => string; exited: Promise<unknown> };

/** `npm start` as a newcomer types it: nothing configured, in its own process group as in a terminal. */
async function npmStart(project: string, webPort: number, pgPort: number): Promise<Launch> {
  // A fresh shell's environment: nothing of this test run's (no DATABASE_URL, REDIS_URL, NODE_ENV…).
  const env = { PATH: process.env.PATH, HOME: process.env.HOME, PORT: String(webPort), EMBEDDED_PG_PORT: String(pgPort), LOG_LEVEL: "warn" } as Partial<NodeJS.ProcessEnv> as NodeJS.ProcessEnv;
  const child: ChildProcess = spawn("npm", ["start"], { cwd: project, env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout!.on("data", (chunk) => (output += chunk));
  child.stderr!.on("data", (chunk) => (output += chunk));
  const exited = new Promise((resolve) => child.once("exit", resolve));
  running = { child, output: () => output, exited };
  const deadline = Date.now() + 240_000;
  while (!output.includes("Press Ctrl-C to stop.")) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`npm start did not start:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return running;
}

/**
 * Ctrl-C in the terminal: SIGINT to every process of the foreground group at once. npm itself then
 * exits by that signal (as in a terminal), so the app's own last words say whether it stopped cleanly.
 */
async function ctrlC(launch: Launch) {
  process.kill(-launch.child.pid!, "SIGINT");
  await launch.exited;
  const groupGone = await new Promise<boolean>((resolve) => {
    const check = () => {
      try {
        process.kill(-launch.child.pid!, 0);
        setTimeout(check, 100);
      } catch {
        resolve(true); // no process of the group is left
      }
    };
    check();
  });
  return { groupGone, output: launch.output() };
}

async function demoUsers(port: number) {
  const client = new pg.Client({ connectionString: `postgresql://sapling:sapling@127.0.0.1:${port}/sapling`, connectionTimeoutMillis: 2_000 });
  try {
    await client.connect();
    return Number((await client.query('SELECT count(*) FROM "User"')).rows[0].count);
  } catch {
    return null;
  } finally {
    await client.end().catch(() => undefined);
  }
}

describe("the first run of npm start", () => {
  it(
    "works from a folder only its owner can enter, keeps its data across restarts, and stops cleanly on Ctrl-C",
    { timeout: 600_000 },
    async () => {
      const project = await cloneIntoPrivateFolder();
      const [webPort, pgPort] = [await freePort(), await freePort()];

      const first = await npmStart(project, webPort, pgPort);
      const output = first.output();
      expect(output).toContain("demo data: seeded now");
      expect(output).toContain("consumer@sapling.demo");
      clusterDir = output.match(/data in (\S+)/)?.[1];
      expect(clusterDir).toBeDefined();
      if (asRoot) {
        // The postgres account cannot enter the private folder: the cluster lives where it can, and says so.
        expect(clusterDir!.startsWith(`${RELOCATED_ROOT}/`)).toBe(true);
        expect(await readFile(path.join(project, ".data/postgres-location.txt"), "utf8")).toContain(clusterDir!);
      } else {
        expect(clusterDir).toBe(path.join(project, ".data/postgres"));
      }

      const health = await fetch(`http://127.0.0.1:${webPort}/healthz`);
      expect(health.status).toBe(200);
      expect(await health.json()).toEqual({ status: "ok", database: "up", queue: { backend: "postgres", status: "up" } });
      const login = await fetch(`http://127.0.0.1:${webPort}/api/v1/sessions`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ email: "operator@sapling.demo", password: "sapling-demo" }),
      });
      expect(login.status).toBe(201);
      expect(await demoUsers(pgPort)).toBe(4); // consumer, guardian, operator, checker

      const stopped = await ctrlC(first);
      expect(stopped.groupGone).toBe(true);
      expect(stopped.output).toContain(`Sapling has stopped cleanly. Its data stays in ${clusterDir}`);
      expect(stopped.output).not.toMatch(/second signal|shutdown step failed/);
      expect(await demoUsers(pgPort)).toBeNull();
      expect(existsSync(path.join(clusterDir!, "postmaster.pid"))).toBe(false); // shut down, not killed

      const second = await npmStart(project, webPort, pgPort);
      expect(second.output()).toContain("demo data: already there");
      expect(second.output()).toContain(`data in ${clusterDir}`);
      expect(await demoUsers(pgPort)).toBe(4);
      expect((await ctrlC(second)).output).toContain("Sapling has stopped cleanly.");
      expect(await demoUsers(pgPort)).toBeNull();
      expect(existsSync(path.join(clusterDir!, "postmaster.pid"))).toBe(false);
    },
  );
});
