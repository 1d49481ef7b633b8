import { randomBytes, randomUUID } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDatabase, db, reader } from "~/db/client.server";
import { transparency } from "~/payouts/transparency.server";
import { countersByProject } from "~/projects/area.server";
import { findCertificate } from "~/redemption/certificates.server";
import { requestRedemption } from "~/redemption/redeem.server";
import { settleProject } from "~/redemption/settle.server";
import { resetEnvCache } from "~/utils/env.server";
import { createTestProject, createTestUser } from "../support/factories";
import { createFreshDatabase, SERVER_URL } from "../support/test-database";

// DATABASE_REPLICA_URL: a replica that has not caught up yet, played by a database of the same
// schema holding none of this run's rows, reached through a role that can only read (as a hot
// standby only reads). Public figures come from it; a certificate it does not have yet comes
// from the primary.
const role = `sapling_reader_${randomBytes(4).toString("hex")}`;
let replica: Awaited<ReturnType<typeof createFreshDatabase>> | undefined;
let replicaUrl = "";

async function asAdmin(url: string, ...statements: string[]) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    for (const statement of statements) await client.query(statement);
  } finally {
    await client.end();
  }
}

beforeAll(async () => {
  replica = await createFreshDatabase("sapling_replica");
  await asAdmin(SERVER_URL, `CREATE ROLE ${role} LOGIN`, `ALTER ROLE ${role} SET default_transaction_read_only = on`);
  await asAdmin(replica.url, `GRANT SELECT ON ALL TABLES IN SCHEMA public TO ${role}`);
  const url = new URL(replica.url);
  url.username = role;
  replicaUrl = url.toString();
}, 120_000);

afterAll(async () => {
  delete process.env.DATABASE_REPLICA_URL;
  resetEnvCache();
  await closeDatabase();
  await replica?.drop();
  await asAdmin(SERVER_URL, `DROP ROLE IF EXISTS ${role}`);
});

describe("reads that may be a second old, from a replica", () => {
  it("reads public figures there, and a certificate the replica does not have yet from the primary", async () => {
    const user = await createTestUser({ grams: 1_000 });
    const project = await createTestProject({ capacity: 10 });
    const asked = await requestRedemption({ userId: user.id, projectId: project.id, quantity: 1, idempotencyKey: randomUUID() });
    await settleProject(project.id);
    const number = (await db().redemption.findUniqueOrThrow({ where: { id: asked.id } })).certificateNumber!;

    // Without a replica every read is the primary's.
    expect(reader()).toBe(db());
    expect((await countersByProject(project.id)).get(project.id)?.plotsRedeemed).toBe(1);

    process.env.DATABASE_REPLICA_URL = replicaUrl;
    resetEnvCache();
    expect(reader()).not.toBe(db());
    // The figures are the replica's (it has none of this yet)...
    expect((await countersByProject(project.id)).size).toBe(0);
    expect((await transparency()).projects.map((p) => p.slug)).not.toContain(project.slug);
    // ...a certificate it has not received is found on the primary...
    expect(await findCertificate(number)).toMatchObject({ number, holder: user.displayName, units: 1 });
    expect(await findCertificate("SAP-NOT-A-REAL-ONE")).toBeNull();
    // ...and it was asked as the reading role, which can write nothing.
    const sessions = await db().$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM pg_stat_activity WHERE usename = ${role}`;
    expect(Number(sessions[0]!.n)).toBeGreaterThan(0);
    await expect(reader().cooperative.create({ data: { projectId: project.id, nameZh: "只读", nameEn: "Read only" } })).rejects.toThrow(/read-only/);
  });
});
