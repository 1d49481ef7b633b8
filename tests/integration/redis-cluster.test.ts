import { execFile, type ChildProcess } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import { closeQueues, getQueue, QUEUES, queuePrefix } from "~/queue/queues.server";
import { schedulerStates } from "~/queue/schedulers.server";
import { requestRedemption } from "~/redemption/redeem.server";
import { resetEnvCache } from "~/utils/env.server";
import { startWorkers } from "../../workers/runtime";
import { createTestProject, createTestUser, expectLedgerConsistent } from "../support/factories";
import { freePort } from "../support/processes";
import { useOwnDatabase } from "../support/own-database";
import { startRedisServer } from "../support/redis-server";
import { waitFor } from "../support/wait";

// BullMQ on a Redis Cluster this test starts: three primaries and a replica of each, on free
// ports, without persistence. The queues' keys carry one hash tag ({prefix}); redemptions settle
// and the schedules are kept through it, and go on when the primary holding the queues is killed
// and its replica takes over.
useOwnDatabase("cluster");
const run = promisify(execFile);
const nodes: { port: number; child: ChildProcess }[] = [];
let dir = "";


const clusterArgs = (port: number) => [
  "--cluster-enabled", "yes", "--cluster-config-file", path.join(dir, `nodes-${port}.conf`),
  "--cluster-node-timeout", "1000", "--cluster-replica-validity-factor", "0", "--dir", dir,
];
const cli = async (port: number, ...args: string[]) => (await run("redis-cli", ["-p", String(port), ...args])).stdout.trim();


beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "sapling-cluster-"));
  for (let i = 0; i < 6; i++) {
    const port = await freePort();
    nodes.push({ port, child: await startRedisServer(port, clusterArgs(port)) });
  }
  await run("redis-cli", ["--cluster", "create", ...nodes.map((n) => `127.0.0.1:${n.port}`), "--cluster-replicas", "1", "--cluster-yes"]);
  await waitFor(async () => (await cli(nodes[0]!.port, "cluster", "info")).includes("cluster_state:ok"));
  // Each replica has its primary's data before anything is killed.
  await waitFor(async () => {
    const replication = await Promise.all(nodes.map((n) => cli(n.port, "info", "replication")));
    return replication.filter((r) => r.includes("role:slave")).length === 3 && replication.every((r) => r.includes("role:master") || r.includes("master_link_status:up"));
  });
  process.env.REDIS_URL = `redis://127.0.0.1:${nodes[0]!.port}`;
  process.env.REDIS_CLUSTER = "true";
  resetEnvCache();
}, 120_000);

afterAll(async () => {
  delete process.env.REDIS_CLUSTER;
  for (const node of nodes) if (node.child.exitCode === null && node.child.signalCode === null) node.child.kill("SIGKILL");
  await rm(dir, { recursive: true, force: true });
});

const alive = () => nodes.filter((n) => n.child.exitCode === null && n.child.signalCode === null);

/** The node serving the slot of the queues' hash tag, as a live node of the cluster sees it, if it is up. */
async function primaryOfQueues() {
  const slot = Number(await cli(alive()[0]!.port, "cluster", "keyslot", queuePrefix()));
  for (const line of (await cli(alive()[0]!.port, "cluster", "nodes")).split("\n")) {
    const [, address, flags, , , , , state, ...ranges] = line.split(" ");
    if (!flags!.includes("master") || flags!.includes("fail") || state !== "connected") continue;
    const serves = ranges.some((range) => {
      const [from, to] = range.split("-").map(Number);
      return slot >= from! && slot <= (to ?? from)!;
    });
    const node = nodes.find((n) => address!.startsWith(`127.0.0.1:${n.port}@`));
    if (serves && node && alive().includes(node)) return { node, slot };
  }
  return null;
}

describe("the queues on a Redis Cluster", () => {
  it("settle redemptions through hash-tagged keys, and go on after the primary holding them fails over", { timeout: 180_000 }, async () => {
    expect(queuePrefix()).toMatch(/^\{.+\}$/);
    const workers = await startWorkers({ concurrency: 2, schedulerCheckMs: 1_000 });
    try {
      expect((await schedulerStates()).every((s) => s.present)).toBe(true);
      const project = await createTestProject({ capacity: 100 });
      const settle = async (count: number) => {
        const users = await Promise.all(Array.from({ length: count }, () => createTestUser({ grams: project.unitCostGrams })));
        const asked = await Promise.all(users.map((u, i) => requestRedemption({ userId: u.id, projectId: project.id, quantity: 1, idempotencyKey: `cluster-${Date.now()}-${i}` })));
        await waitFor(async () => (await db().redemption.count({ where: { id: { in: asked.map((r) => r.id) }, status: "SETTLED" } })) === count);
      };
      await settle(5);
      // Every queue key is in the one slot of the tag, on one primary.
      const before = (await primaryOfQueues())!;
      expect(before).not.toBeNull();
      expect(Number(await cli(before.node.port, "cluster", "countkeysinslot", String(before.slot)))).toBeGreaterThan(5);

      // That primary dies; its replica is promoted, the clients follow, and the work goes on.
      const exited = new Promise((resolve) => before.node.child.once("exit", resolve));
      before.node.child.kill("SIGKILL");
      await exited;
      await waitFor(async () => (await primaryOfQueues()) && (await cli(alive()[0]!.port, "cluster", "info")).includes("cluster_state:ok"));
      expect((await primaryOfQueues())!.node).not.toBe(before.node);
      await settle(5);
      await waitFor(async () => (await schedulerStates()).every((s) => s.present));
      expect(await getQueue(QUEUES.redemption).getJobCounts("failed")).toEqual({ failed: 0 });
      await expectLedgerConsistent();
    } finally {
      await workers.close();
      await closeQueues();
    }
  });
});
