import { randomBytes } from "node:crypto";
import pg from "pg";
import { dayText } from "~/payouts/china-days";
import { describe, expect, it } from "vitest";
import { auditAlone, verifyAuditChain } from "~/audit/audit.server";
import { createSession, getUser, type SessionUser } from "~/auth/session.server";
import { db } from "~/db/client.server";
import { postOrderPaid } from "~/ledger/money-ledger.server";
import * as commerce from "~/commerce/operations.server";
import * as energy from "~/energy/operations.server";
import * as evidence from "~/evidence/operations.server";
import * as ledger from "~/ledger/operations.server";
import * as payouts from "~/payouts/operations.server";
import * as projects from "~/projects/operations.server";
import { perform, type Operation } from "~/utils/operation.server";
import { DEMO_TOTP_SECRET } from "../../prisma/seed";
import { createPaidOrder, createTestUser } from "../support/factories";
import { useOwnDatabase } from "../support/own-database";
import { unusedCode } from "../support/totp";

// The operators' audit trail (app/audit/audit.server.ts), in a database of this file's own (it
// changes rows behind the trigger's back to check that the chain notices).

const own = useOwnDatabase("audit");

async function operator(): Promise<SessionUser> {
  const user = await createTestUser({ role: "OPERATOR" });
  await db().user.update({ where: { id: user.id }, data: { totpSecret: DEMO_TOTP_SECRET, totpEnabledAt: new Date() } });
  const token = await createSession(user.id);
  return (await getUser(new Request("http://test/", { headers: { Authorization: `Bearer ${token}` } })))!;
}

const events = () => db().auditEvent.count();

/** Runs the operation; the trail must have grown by one event of `action` if it worked, by none if refused. */
async function expectAudited(op: Operation, actor: SessionUser, input: unknown, outcome: { ok: true; action: string } | { ok: false }) {
  const before = await events();
  const done = await perform(op, actor, await op.input.parseAsync(input));
  expect(done.ok, `${op.name}: ${done.ok ? "done" : done.code}`).toBe(outcome.ok);
  const added = await db().auditEvent.findMany({ orderBy: { seq: "asc" }, skip: before });
  if (outcome.ok) {
    expect(added.map((event) => [event.action, event.actorId])).toEqual([[outcome.action, actor.id]]);
  } else {
    expect(added).toEqual([]);
  }
}

const BOUNDARY = JSON.stringify({
  type: "Polygon",
  coordinates: [[[104.3, 32.6], [104.3005, 32.6], [104.3005, 32.6005], [104.3, 32.6005], [104.3, 32.6]]],
});
const boundaryFile = (text = BOUNDARY) => new File([text], "boundary.geojson", { type: "application/geo+json" });

describe("the audit trail", () => {
  it("writes exactly one event for every operator decision that went through, and none for one refused", async () => {
    const maker = await operator();
    const checker = await operator();
    const consumer = await createTestUser({ grams: 10 });
    // The first decision of each session gives an authenticator code; it covers the next ones.
    const totp = await unusedCode(maker.email, { databaseUrl: own.url() });

    await expectAudited(energy.adjustEnergyOp, maker, { userId: consumer.id, grams: 500, reason: "goodwill", idempotencyKey: `a-${randomBytes(4).toString("hex")}`, totp }, { ok: true, action: "energy_adjust" });
    await expectAudited(energy.adjustEnergyOp, maker, { userId: consumer.id, grams: -5_000, reason: "too much", idempotencyKey: `a-${randomBytes(4).toString("hex")}` }, { ok: false });

    const partnerId = `audit-${randomBytes(3).toString("hex")}`;
    await expectAudited(energy.addPartner, maker, { id: partnerId, name: "Metro" }, { ok: true, action: "partner_create" });
    await expectAudited(energy.addPartner, maker, { id: partnerId, name: "Metro again" }, { ok: false });
    await expectAudited(energy.rotatePartner, maker, { id: partnerId }, { ok: true, action: "partner_rotate" });
    await expectAudited(energy.rotatePartner, maker, { id: "no-such-partner" }, { ok: false });

    const slug = `audit-${randomBytes(3).toString("hex")}`;
    const projectFields = { kind: "PROTECTED_AREA", slug, codePrefix: `A${randomBytes(2).toString("hex").toUpperCase().replace(/[0-9]/g, "Q")}`, nameZh: "审计", nameEn: "Audit", countyZh: "县", countyEn: "County", unitCostGrams: "10", opensAt: "2026-01-01T00:00" };
    await expectAudited(projects.createProjectOp, maker, { ...projectFields, boundary: boundaryFile() }, { ok: true, action: "project_create" });
    await expectAudited(projects.createProjectOp, maker, { ...projectFields, slug: `${slug}-b`, boundary: boundaryFile("{") }, { ok: false });
    const project = await db().project.findUniqueOrThrow({ where: { slug } });
    await expectAudited(projects.updateProjectOp, maker, { ...projectFields, id: project.id, nameEn: "Audit, renamed" }, { ok: true, action: "project_update" });
    await expectAudited(projects.updateProjectOp, maker, { ...projectFields, id: "no-such-project" }, { ok: false });

    await expectAudited(evidence.recordPatrolOp, maker, { intent: "patrol", projectId: project.id, occurredOn: "2026-11-20", route: "ridge", observations: "two takins", files: [] }, { ok: true, action: "patrol_record" });
    await expectAudited(evidence.recordPatrolOp, maker, { intent: "patrol", projectId: "no-such-project", occurredOn: "2026-11-20", route: "ridge", observations: "none", files: [] }, { ok: false });
    await expectAudited(evidence.postNewsOp, maker, { intent: "news", projectId: project.id, titleZh: "新闻", titleEn: "News", bodyZh: "内容", bodyEn: "Body" }, { ok: true, action: "news_post" });

    const product = await db().product.create({
      data: { projectId: project.id, slug: `${slug}-honey`, nameZh: "蜂蜜", nameEn: "Honey", unitZh: "瓶", unitEn: "jar", priceFen: 8_800n, unitCostFen: 5_000n, stock: 1 },
    });
    const rule = { intent: "rule", householdBp: "5000", ecologyBp: "3000", platformBp: "2000", effectiveFrom: "2026-01-01T00:00" };
    await expectAudited(commerce.addShareRuleOp, maker, { ...rule, id: product.id }, { ok: true, action: "share_rule_add" });
    await expectAudited(commerce.addShareRuleOp, maker, { ...rule, id: "no-such-product" }, { ok: false });

    const cooperative = await db().cooperative.create({ data: { projectId: project.id, nameZh: "合作社", nameEn: `Co-op ${slug}`, stripeAccountId: null } });
    const csv = ["registration_code,head_of_household,village,county,cooperative,members,weight,payout_method,status", `H${slug.toUpperCase()}-1,Head,Village,County,${cooperative.nameEn},3,1,disbursement_list,active`].join("\n");
    await expectAudited(payouts.importHouseholdRegistry, maker, { projectId: project.id, csv }, { ok: true, action: "households_import" });
    await expectAudited(payouts.importHouseholdRegistry, maker, { projectId: project.id, csv: "not,a,registry" }, { ok: false });

    // A sale owes the household its share: a batch to build, approve (by the other operator), and one to cancel.
    const order = await createPaidOrder({ projectId: project.id, cooperativeId: cooperative.id, priceFen: 20_000n, costFen: 0n, quantity: 1 });
    await postOrderPaid(order.id);
    // Periods are China days: after 16:00 UTC the sale just made is on tomorrow's UTC-date.
    const period = { project: project.id, from: "2026-01-01", to: dayText(new Date()), minimum: "1" };
    await expectAudited(payouts.buildPayoutBatch, maker, period, { ok: true, action: "payout_batch_build" });
    await expectAudited(payouts.buildPayoutBatch, maker, period, { ok: false });
    const batch = await db().payoutBatch.findFirstOrThrow({ where: { projectId: project.id } });
    await expectAudited(payouts.approvePayoutBatch, maker, { batchId: batch.id }, { ok: false }); // their own batch
    const checkerCode = await unusedCode(checker.email, { databaseUrl: own.url() });
    await expectAudited(payouts.approvePayoutBatch, checker, { batchId: batch.id, totp: checkerCode }, { ok: true, action: "payout_batch_approve" });
    await expectAudited(payouts.cancelPayoutBatch, maker, { batchId: batch.id }, { ok: false }); // no longer a draft

    await expectAudited(ledger.reconcile, maker, { project: project.id, from: "2026-11-01", to: "2026-11-30" }, { ok: true, action: "reconciliation_request" });
    await expectAudited(ledger.reconcile, maker, { project: "no-such-project", from: "2026-11-01", to: "2026-11-30" }, { ok: false });

    expect(await verifyAuditChain()).toBeNull();
  });

  it("keeps one chain when decisions are written at the same moment", async () => {
    const actor = await createTestUser({ role: "OPERATOR" });
    await Promise.all(Array.from({ length: 30 }, (_, i) => auditAlone({ actorId: actor.id, action: "alarm_resolve", subject: `alarm-${i}`, details: { n: i } })));
    const rows = await db().auditEvent.findMany({ orderBy: { seq: "asc" } });
    for (let i = 1; i < rows.length; i++) expect(rows[i]!.prevHash).toBe(rows[i - 1]!.hash);
    expect(await verifyAuditChain(7)).toBeNull();
  });

  it("refuses to change or remove a row, and names the first row changed behind its back", async () => {
    const actor = await createTestUser({ role: "OPERATOR" });
    for (let i = 0; i < 5; i++) await auditAlone({ actorId: actor.id, action: "energy_adjust", subject: `user-${i}`, details: { grams: 100 * i } });
    const rows = await db().auditEvent.findMany({ orderBy: { seq: "desc" }, take: 5 });
    const [, , middle] = rows;
    await expect(db().auditEvent.update({ where: { seq: middle!.seq }, data: { subject: "someone-else" } })).rejects.toThrow(/never changed or removed/);
    await expect(db().auditEvent.delete({ where: { seq: middle!.seq } })).rejects.toThrow(/never changed or removed/);

    // Someone with the database's own rights gets past the trigger: the chain still tells.
    const sql = new pg.Client({ connectionString: own.url() });
    await sql.connect();
    const behindItsBack = async (statement: string) => {
      await sql.query("BEGIN");
      await sql.query("SET LOCAL session_replication_role = replica");
      await sql.query(statement);
      await sql.query("COMMIT");
    };
    await behindItsBack(`UPDATE "AuditEvent" SET details = '{"grams": 1000000}' WHERE seq = ${middle!.seq}`);
    expect(await verifyAuditChain()).toEqual({ seq: String(middle!.seq), reason: "hash" });
    await behindItsBack(`UPDATE "AuditEvent" SET details = '${JSON.stringify(middle!.details)}' WHERE seq = ${middle!.seq}`);
    expect(await verifyAuditChain()).toBeNull();
    await behindItsBack(`DELETE FROM "AuditEvent" WHERE seq = ${middle!.seq}`);
    expect(await verifyAuditChain()).toEqual({ seq: String(rows[1]!.seq), reason: "link" });
    await sql.end();
  });
});
