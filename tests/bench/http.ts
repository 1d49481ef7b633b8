import { fileURLToPath } from "node:url";
import autocannon from "autocannon";
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import type { ServiceProcess } from "../support/processes";
import { startBenchWeb } from "./bench-web";
import { seedDatabase } from "../support/seed";
import { createFreshDatabase } from "../support/test-database";
import { pgbench } from "./pgbench";
import type { Row } from "./table";

// ESM: scripts run by tsx (the bench) have no __dirname.
const here = path.dirname(fileURLToPath(import.meta.url));

// The front door measured against what the same PostgreSQL does in the same run: redemptions over
// HTTP against pgbench's simple-update transaction, one ball raced by 200 thieves against a hot-row
// pgbench script, pages against /healthz on the same server. The load generator (autocannon) and
// pgbench's client share the machine with the server in both, as they would on a 2-core box.

const SECONDS = Number(process.env.BENCH_HTTP_SECONDS ?? 8);
const CONNECTIONS = 50;
const USERS = 2_000;
const THIEVES = 200;
const BALL_ROUNDS = Number(process.env.BENCH_BALL_ROUNDS ?? 40);
const TICKS_PER_SECOND = 100;

const root = path.resolve(here, "../..");

/** The web process's CPU time so far, in ms (utime + stime from /proc). */
function cpuMs(pid: number) {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
}

type Load = { rate: number; p99: number; non2xx: number; refusals: number; cpuPerRequestMs: number; requests: number };

async function load(web: ServiceProcess, options: autocannon.Options & { amount?: number }): Promise<Load> {
  const before = cpuMs(web.child.pid!);
  const started = performance.now();
  let lastAnswer = started;
  // Without a callback autocannon returns its tracker (an EventEmitter) made thenable; the types say Promise only.
  const run = autocannon({ connections: CONNECTIONS, ...(options.amount ? {} : { duration: SECONDS }), ...options }) as Promise<autocannon.Result> & NodeJS.EventEmitter;
  // A run of a fixed number of requests ends on autocannon's next one-second tick: time it to its last answer.
  run.on("response", () => (lastAnswer = performance.now()));
  const result = await run;
  const cpu = cpuMs(web.child.pid!) - before;
  const requests = result.requests.total;
  const seconds = options.amount ? (lastAnswer - started) / 1000 : SECONDS;
  const refusals = (result.statusCodeStats as Record<string, { count: number }>)["409"]?.count ?? 0;
  return { rate: requests / seconds, p99: result.latency.p99, non2xx: result.non2xx + result.errors, refusals, cpuPerRequestMs: cpu / Math.max(requests, 1), requests };
}

const tokenOf = (i: number) => `bench-token-${i}`;
const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

export async function prepare(client: pg.Client) {
  await client.query(`
    INSERT INTO "User" (id, email, "passwordHash", "displayName", "inviteCode", "energyBalance")
    SELECT 'hb-' || i, 'hb-' || i || '@load.test', 'x', 'Load ' || i, 'hb-' || i, 100000000 FROM generate_series(1, $1::int) AS i`, [USERS + THIEVES + 1]);
  await client.query(`
    INSERT INTO "EnergyEntry" ("userId", account, kind, grams, "idempotencyKey")
    SELECT 'hb-' || i, 'BALANCE', 'GRANT', 100000000, 'grant-hb-' || i FROM generate_series(1, $1::int) AS i`, [USERS + THIEVES + 1]);
  const tokens = Array.from({ length: USERS + THIEVES + 1 }, (_, i) => tokenOf(i + 1));
  await client.query(`
    INSERT INTO "Session" ("tokenHash", "userId", "expiresAt")
    SELECT h, 'hb-' || n, now() + interval '1 day' FROM unnest($1::text[]) WITH ORDINALITY AS t(h, n)`, [tokens.map(sha256)]);
  // A project no launch day sells out: intake is measured, not the end of capacity.
  const project = await client.query<{ id: string }>(`
    INSERT INTO "Project" (id, slug, kind, "nameZh", "nameEn", "countyZh", "countyEn", "codePrefix", "unitCostGrams", capacity, "opensAt")
    VALUES ('bench-intake', 'bench-intake', 'FOREST', '基准', 'Bench', '-', '-', 'BHTTP', 1, 2000000000, to_timestamp(0)) RETURNING id`);
  // The ball's owner is user USERS + THIEVES + 1; the thieves are its friends.
  const owner = `hb-${USERS + THIEVES + 1}`;
  await client.query(`
    INSERT INTO "Friendship" ("userId", "friendId")
    SELECT 'hb-' || i, $1 FROM generate_series($2::int, $3::int) AS i
    UNION ALL SELECT $1, 'hb-' || i FROM generate_series($2::int, $3::int) AS i`, [owner, USERS + 1, USERS + THIEVES]);
  return { projectId: project.rows[0]!.id, owner };
}

async function ripeBall(client: pg.Client, owner: string, round: number) {
  const id = `bench-ball-${round}`;
  await client.query(`
    INSERT INTO "EnergyBall" (id, "userId", "actionType", grams, "remainingGrams", "ripensAt", "expiresAt")
    VALUES ($1, $2, 'walking', 10000, 10000, now() - interval '1 hour', now() + interval '1 day')`, [id, owner]);
  await client.query(`
    INSERT INTO "EnergyEntry" ("userId", account, kind, grams, "idempotencyKey", "ballId") VALUES
    ($2, 'BALL', 'EARN', 10000, 'earn:' || $1, $1)`, [id, owner]);
  return id;
}

export async function httpBench(): Promise<Row[]> {
  if (!existsSync(path.join(root, "build/index.js"))) throw new Error("Run `npm run build` first: the bench serves the production build.");
  const database = await createFreshDatabase("sapling_httpbench");
  let web: ServiceProcess | undefined;
  const client = new pg.Client({ connectionString: database.url });
  try {
    await seedDatabase(database.url);
    await client.connect();
    const { projectId, owner } = await prepare(client);
    const started = await startBenchWeb(database.url, "bench");
    web = started.web;
    const base = started.base;
    const certificate = (await client.query<{ n: string }>(`SELECT "certificateNumber" AS n FROM "Redemption" WHERE "certificateNumber" IS NOT NULL LIMIT 1`)).rows[0]!.n;
    const bearer = { authorization: `Bearer ${tokenOf(1)}` };

    const rows: Row[] = [];
    const simpleUpdate = async () => pgbench(database.url, "simple-update", SECONDS);

    let n = 0;
    const intakeRequest = () => ({
      method: "POST" as const,
      path: "/api/v1/redemptions",
      setupRequest: (request: autocannon.Request) => {
        const i = n++;
        request.headers = { "content-type": "application/json", authorization: `Bearer ${tokenOf((i % USERS) + 1)}` };
        request.body = JSON.stringify({ projectId, quantity: 1, idempotencyKey: `bench-${i}` });
        return request;
      },
    });
    // The JIT warms up on the same requests first (not counted).
    await autocannon({ url: base, connections: CONNECTIONS, duration: 2, requests: [intakeRequest()] });
    const baseline1 = await simpleUpdate();
    const intake = await load(web, { url: base, requests: [intakeRequest()] });
    const baseline2 = await simpleUpdate();
    const tps = (baseline1 + baseline2) / 2;
    rows.push({ what: "POST /api/v1/redemptions, 50 connections", rate: intake.rate, baseline: tps, baselineWhat: "pgbench simple-update TPS", p99: intake.p99, goal: 1, note: `${intake.cpuPerRequestMs.toFixed(2)} ms web CPU/request, ${intake.non2xx} not 2xx` });

    // The hot ball: each round, a fresh ripe ball, 200 thieves and its owner at once.
    const hotRow = await pgbench(database.url, "hot-row", SECONDS);
    // One run over BALL_ROUNDS fresh ripe balls, one after the other: each gets its 200 thieves and
    // its owner (half-way through its requests), 50 at a time, the next ball's first requests
    // overlapping the last of the one before.
    const balls: string[] = [];
    // (The JIT warms up on the first balls' requests; they count.)
    for (let round = 0; round < BALL_ROUNDS; round++) balls.push(await ripeBall(client, owner, round));
    const perBall = THIEVES + 1;
    let k = 0;
    const ballLoad = await load(web, {
      url: base, amount: perBall * BALL_ROUNDS,
      requests: [{
        method: "POST",
        setupRequest: (request: autocannon.Request) => {
          const i = k++;
          const who = i % perBall === THIEVES / 2 ? USERS + THIEVES + 1 : USERS + 1 + (i % perBall) - (i % perBall > THIEVES / 2 ? 1 : 0);
          request.path = `/api/v1/balls/${balls[Math.floor(i / perBall) % BALL_ROUNDS]}/collect`;
          request.headers = { authorization: `Bearer ${tokenOf(who)}` };
          return request;
        },
      }],
    });
    rows.push({ what: `one ball: ${THIEVES} thieves + owner (${BALL_ROUNDS} balls)`, rate: ballLoad.rate, baseline: hotRow, baselineWhat: "pgbench hot-row TPS", p99: ballLoad.p99, goal: 0.5, note: `${ballLoad.cpuPerRequestMs.toFixed(2)} ms web CPU/decision${ballLoad.non2xx - ballLoad.refusals ? `, ${ballLoad.non2xx - ballLoad.refusals} errors` : ""}` });

    await autocannon({ url: `${base}/healthz`, connections: CONNECTIONS, duration: 2 });
    const healthz = await load(web, { url: `${base}/healthz` });
    rows.push({ what: "GET /healthz", rate: healthz.rate, baseline: 2000, baselineWhat: "goal 2,000 req/s", p99: healthz.p99, goal: 1, note: `${healthz.cpuPerRequestMs.toFixed(2)} ms CPU/request` });
    const pages: [string, string, Record<string, string>][] = [
      ["/forest", "/forest", bearer],
      ["/projects/:slug (23,500 mu forest), a visitor (kept 1 s)", "/projects/sea-buckthorn-inner-mongolia", {}],
      ["/projects/:slug (23,500 mu forest), signed in", "/projects/sea-buckthorn-inner-mongolia", bearer],
      ["/certificates/:number, a visitor (kept 1 s)", `/certificates/${certificate}`, {}],
    ];
    for (const [what, url, headers] of pages) {
      await autocannon({ url: `${base}${url}`, headers, connections: CONNECTIONS, duration: 2 });
      const page = await load(web, { url: `${base}${url}`, headers });
      rows.push({ what: `GET ${what}`, rate: page.rate, baseline: healthz.rate, baselineWhat: "/healthz req/s", p99: page.p99, goal: 0.5, note: `${page.cpuPerRequestMs.toFixed(2)} ms CPU/request${page.non2xx ? `, ${page.non2xx} not 2xx` : ""}` });
    }
    return rows;
  } finally {
    await client.end().catch(() => undefined);
    await web?.stop();
    await database.drop();
  }
}
