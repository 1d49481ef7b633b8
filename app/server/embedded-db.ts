import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { chown, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import pg from "pg";
import { logger } from "~/utils/logger.server";
import { placeEmbeddedPostgres, type Account } from "./embedded-db-placement";

const DATABASE = "sapling";
const USER = "sapling";
const PASSWORD = "sapling";

function run(command: string, args: string[], account: Account) {
  return new Promise<void>((resolve, reject) => {
    const child = spawn(command, args, { ...account, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (output += chunk));
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`${path.basename(command)} failed:\n${output}`))));
  });
}

async function initialise(initdb: string, clusterDir: string, account: Account) {
  // The password file sits beside the cluster, in a folder the server's account owns and can read.
  const passwordFile = path.join(path.dirname(clusterDir), `.sapling-pg-password-${process.pid}`);
  await writeFile(passwordFile, `${PASSWORD}\n`, { mode: 0o600 });
  if (account.uid !== undefined) await chown(passwordFile, account.uid, account.gid);
  try {
    await run(initdb, [`--pgdata=${clusterDir}`, `--username=${USER}`, `--pwfile=${passwordFile}`, "--auth=scram-sha-256", "--encoding=UTF8", "--locale=C"], account);
  } finally {
    await rm(passwordFile, { force: true });
  }
}

/**
 * A PostgreSQL kept between runs, for `npm start` with nothing installed: in `<dataDir>/postgres`,
 * or (as root, when the `postgres` account cannot enter the project's folder) in a folder of that
 * account's that `placement.clusterDir` names. The server runs in its own process group, so a
 * terminal's Ctrl-C reaches only us, and we stop it last, after the web server and the workers.
 */
export async function startEmbeddedPostgres(dataDir: string, port: number) {
  const placement = await placeEmbeddedPostgres(dataDir);
  const { account, binaries, clusterDir } = placement;
  if (!existsSync(path.join(clusterDir, "PG_VERSION"))) await initialise(binaries.initdb, clusterDir, account);
  // A server left running by a process that was killed outright: stop it before starting ours.
  if (existsSync(path.join(clusterDir, "postmaster.pid"))) {
    await run(binaries.pg_ctl, ["stop", "-D", clusterDir, "-m", "fast", "-w"], account).catch(() => undefined);
  }

  // TCP only: a Unix socket path is limited to ~107 bytes, which a deep project folder exceeds.
  const server: ChildProcess = spawn(
    binaries.postgres,
    ["-D", clusterDir, "-p", String(port), "-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories="],
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
    placement,
    /** SIGINT: fast shutdown (disconnect clients, checkpoint); tests pass SIGQUIT to crash it on purpose. */
    async stop(signal: "SIGINT" | "SIGQUIT" = "SIGINT") {
      if (server.exitCode === null && server.signalCode === null) server.kill(signal);
      await exited;
    },
  };
}
