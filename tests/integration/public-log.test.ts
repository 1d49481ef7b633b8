import { execFile } from "node:child_process";
import { writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { randomUUID } from "node:crypto";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import { recordEvidence } from "~/evidence/evidence.server";
import { postOrderPaid, postOrderRefunded } from "~/ledger/money-ledger.server";
import { listPlotsHeld } from "~/projects/plots.server";
import { requestRedemption } from "~/redemption/redeem.server";
import { settleProject } from "~/redemption/settle.server";
import { appendToPublicLog, publicLogRowsOf, sealPublicLog, verifyDownloadedRows, verifyPublicLog } from "~/transparency/public-log.server";
import { createPaidOrder, createTestProject, createTestUser } from "../support/factories";
import { uniquePhoto } from "../support/images";
import { useOwnDatabase } from "../support/own-database";

// The public log (app/transparency/public-log.server.ts), in a database of this file's own: it
// seals days and changes rows behind the trigger's back to check that the chain notices.

const own = useOwnDatabase("public_log");
const run = promisify(execFile);

const bodyOf = async (kind: string, ref: string) => {
  const row = await db().publicLogEntry.findUnique({ where: { kind_ref: { kind, ref } } });
  return row ? { text: row.body, data: (JSON.parse(row.body) as { data: Record<string, unknown> }).data } : null;
};

/** A statement run by someone with the database's own rights, past the append-only trigger. */
async function behindItsBack(statement: string) {
  const sql = new pg.Client({ connectionString: own.url() });
  await sql.connect();
  await sql.query("BEGIN");
  await sql.query(`ALTER TABLE "PublicLogEntry" DISABLE TRIGGER public_log_entry_no_update_or_delete`);
  await sql.query(statement);
  await sql.query(`ALTER TABLE "PublicLogEntry" ENABLE TRIGGER public_log_entry_no_update_or_delete`);
  await sql.query("COMMIT");
  await sql.end();
}

const verifyCommand = (args: string[] = []) =>
  run("npx", ["tsx", "app/transparency/verify-log.cli.ts", ...args], { env: { ...process.env, DATABASE_URL: own.url() } }).then(
    (done) => ({ code: 0, out: done.stdout + done.stderr }),
    (failed: { code: number; stdout: string; stderr: string }) => ({ code: failed.code, out: failed.stdout + failed.stderr }),
  );

describe("the public log", () => {
  it("logs an evidence record with its place, crew size and photos' hashes, never the crew's name", async () => {
    const project = await createTestProject({ capacity: 2_500, unitCostGrams: 1, kind: "PROTECTED_AREA" });
    const holder = await createTestUser({ grams: 100 });
    await requestRedemption({ userId: holder.id, projectId: project.id, quantity: 25, idempotencyKey: randomUUID() });
    await settleProject(project.id);
    const [plot] = await listPlotsHeld(holder.id);
    const operator = await createTestUser({ role: "OPERATOR" });
    const photos = [uniquePhoto(), uniquePhoto()];
    const recorded = await recordEvidence({
      projectId: project.id,
      kind: "PLANTING",
      target: { plotCode: plot!.code },
      occurredOn: "2026-11-20",
      latitude: plot!.place!.centre.lat,
      longitude: plot!.place!.centre.lon,
      crew: "Wang Fang and the Guanba crew",
      crewSize: 4,
      notes: "",
      photos,
      recordedById: operator.id,
    });
    if (!recorded?.ok) throw new Error("not recorded");
    const logged = await bodyOf("evidence", recorded.id);
    expect(logged!.data).toEqual({
      project: project.slug,
      kind: "PLANTING",
      plot: plot!.code,
      occurredOn: "2026-11-20",
      latitude: plot!.place!.centre.lat,
      longitude: plot!.place!.centre.lon,
      crewSize: 4,
      plotsMoved: 1,
      households: 0,
      photos: photos.map((p) => p.sha256),
    });
    expect(logged!.text).not.toContain("Wang Fang");
  });

  it("logs a paid order's household shares per project and its refund, naming no household", async () => {
    const project = await createTestProject({ capacity: 10 });
    const cooperative = await db().cooperative.create({ data: { nameZh: "合作社", nameEn: "Co-op", projectId: project.id } });
    const households = await Promise.all(
      [1, 3].map((weight, i) =>
        db().household.create({
          data: { projectId: project.id, registrationCode: `PL-${project.slug}-${i}`, headName: `Li Na ${i}`, village: "Guanba", county: "Pingwu", members: 3, weight, payoutMethod: "DISBURSEMENT_LIST" },
        }),
      ),
    );
    const order = await createPaidOrder({ projectId: project.id, cooperativeId: cooperative.id, priceFen: 10_000n, costFen: 6_000n, quantity: 1 });
    expect(await postOrderPaid(order.id)).toBe(true);
    expect(await postOrderPaid(order.id)).toBe(false);
    // 60 % of the 4,000 fen surplus, to two households.
    const paid = await bodyOf("household_share", `order-paid:${order.id}`);
    expect(paid!.data).toEqual({ order: order.id, projects: [{ project: project.slug, households: 2, fen: "2400" }] });
    expect(await postOrderRefunded(order.id, 10_000n)).toBe(true);
    const refunded = await bodyOf("household_share", `order-refunded:${order.id}:10000`);
    expect(refunded!.data).toEqual({ order: order.id, projects: [{ project: project.slug, households: 2, fen: "-2400" }] });
    for (const text of [paid!.text, refunded!.text]) {
      for (const h of households) for (const personal of [h.id, h.registrationCode, h.headName, h.village]) expect(text).not.toContain(personal);
    }
    expect(await db().publicLogEntry.count({ where: { ref: { contains: order.id } } })).toBe(2);
  });

  it("keeps one chain when rows are appended at the same moment", async () => {
    await Promise.all(Array.from({ length: 30 }, (_, i) => db().$transaction((tx) => appendToPublicLog(tx, { kind: "patrol", ref: `same-moment-${i}`, data: { n: i } }))));
    // The same event again is not a second row.
    await db().$transaction((tx) => appendToPublicLog(tx, { kind: "patrol", ref: "same-moment-0", data: { n: 0 } }));
    const rows = await db().publicLogEntry.findMany({ orderBy: { seq: "asc" } });
    rows.forEach((row, i) => {
      expect(row.seq).toBe(i + 1);
      expect(row.prevHash).toBe(i === 0 ? "" : rows[i - 1]!.hash);
    });
    expect(rows.filter((r) => r.ref.startsWith("same-moment-"))).toHaveLength(30);
    expect(await verifyPublicLog(7)).toBeNull();
  });

  it("seals finished days, refuses changes, and its verify command names the first row changed behind the trigger's back", async () => {
    for (let i = 0; i < 5; i++) await db().$transaction((tx) => appendToPublicLog(tx, { kind: "patrol", ref: `sealed-${i}`, data: { photos: [`${i}`.repeat(64)] } }));
    const today = (await db().publicLogEntry.findFirstOrThrow({ orderBy: { seq: "desc" } })).day;
    // Not before the day is over (and a few minutes more), then once.
    expect(await sealPublicLog(new Date(today.getTime() - 8 * 3600_000 + 24 * 3600_000 + 60_000))).toBe(0);
    expect(await sealPublicLog(new Date(today.getTime() - 8 * 3600_000 + 25 * 3600_000))).toBe(1);
    expect(await sealPublicLog(new Date(today.getTime() - 8 * 3600_000 + 25 * 3600_000))).toBe(0);
    const root = await db().publicLogRoot.findUniqueOrThrow({ where: { day: today } });
    const dayRows = await publicLogRowsOf(today.toISOString().slice(0, 10));
    expect(dayRows.at(-1)!.hash).toBe(root.root);
    expect(verifyDownloadedRows(dayRows, root.root)).toBeNull();
    expect(await verifyCommand()).toMatchObject({ code: 0 });

    const middle = await db().publicLogEntry.findUniqueOrThrow({ where: { kind_ref: { kind: "patrol", ref: "sealed-2" } } });
    await expect(db().publicLogEntry.update({ where: { seq: middle.seq }, data: { body: "{}" } })).rejects.toThrow(/never changed or removed/);
    await expect(db().publicLogRoot.delete({ where: { day: today } })).rejects.toThrow(/never changed or removed/);

    // One row's body changed: that row.
    const forged = middle.body.replace("2222", "9999");
    await behindItsBack(`UPDATE "PublicLogEntry" SET body = '${forged}' WHERE seq = ${middle.seq}`);
    expect(await verifyPublicLog()).toEqual({ seq: String(middle.seq), reason: "hash" });
    const said = await verifyCommand();
    expect(said.code).toBe(1);
    expect(said.out).toContain(`public log row ${middle.seq} does not match`);
    // The day's rows as someone downloaded them, checked without the database: the same row.
    const file = join(tmpdir(), `public-log-${randomUUID()}.jsonl`);
    writeFileSync(file, (await publicLogRowsOf(today.toISOString().slice(0, 10))).map((row) => JSON.stringify(row)).join("\n"));
    expect((await verifyCommand(["--file", file, "--root", root.root])).out).toContain(`public log row ${middle.seq} does not match`);

    // The chain rewritten from that row on, every hash made again: the sealed root no longer matches.
    const { linkHash } = await import("~/utils/hash-chain");
    const after = await db().publicLogEntry.findMany({ where: { seq: { gte: middle.seq } }, orderBy: { seq: "asc" } });
    let previous = middle.prevHash;
    for (const row of after) {
      const hash = linkHash(previous, row.body);
      await behindItsBack(`UPDATE "PublicLogEntry" SET "prevHash" = '${previous}', hash = '${hash}' WHERE seq = ${row.seq}`);
      previous = hash;
    }
    expect(await verifyPublicLog()).toMatchObject({ seq: String(root.lastSeq), reason: "root" });
    expect((await verifyCommand()).code).toBe(1);
  });
});
