import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";

// Baselines from pgbench on the same server as the product, in the same run: its built-in
// simple-update transaction (-N: one UPDATE, one SELECT, one INSERT, a commit) on its own tables,
// and a hot-row script (50 clients updating one row, each its own transaction).

const CLIENTS = 50;
const SCALE = 10;

async function ensureTables(url: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const found = await client.query(`SELECT 1 FROM pg_tables WHERE tablename = 'pgbench_accounts'`);
    if (!found.rowCount) execFileSync("pgbench", ["-i", "-q", "-s", String(SCALE), url], { stdio: "ignore" });
    await client.query(`CREATE TABLE IF NOT EXISTS bench_hot_row (id int PRIMARY KEY, n bigint NOT NULL)`);
    await client.query(`INSERT INTO bench_hot_row VALUES (1, 0) ON CONFLICT DO NOTHING`);
  } finally {
    await client.end();
  }
}

let hotScript: string | undefined;

/** Transactions per second pgbench reaches in `seconds` at 50 clients. */
export async function pgbench(url: string, kind: "simple-update" | "hot-row", seconds: number): Promise<number> {
  await ensureTables(url);
  const args = ["-n", "-c", String(CLIENTS), "-j", "2", "-T", String(seconds)];
  if (kind === "simple-update") args.push("-N");
  else {
    hotScript ??= path.join(mkdtempSync(path.join(tmpdir(), "sapling-pgbench-")), "hot-row.sql");
    writeFileSync(hotScript, "UPDATE bench_hot_row SET n = n + 1 WHERE id = 1;\n");
    args.push("-f", hotScript);
  }
  const output = execFileSync("pgbench", [...args, url], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
  const tps = /tps = ([\d.]+)/.exec(output);
  if (!tps) throw new Error(`pgbench printed no tps:\n${output}`);
  return Number(tps[1]);
}
