import { db, type Tx } from "~/db/client.server";
import type { EntryInput } from "~/energy/ledger.server";
import { planAllocation } from "./allocation";
import { newCertificateNumber } from "./certificate-number";
import { plotCode, plotsForAllocation } from "./plot-codes";

type PendingRow = { id: string; userId: string; recipientId: string | null; teamId: string | null; projectId: string; quantity: number; costGrams: number };
type ProjectRow = { id: string; kind: "FOREST" | "PROTECTED_AREA"; codePrefix: string; capacity: number; allocatedUnits: number };

export const SETTLEMENT_BATCH = 500;

/**
 * Settles up to `limit` PENDING redemptions of a project in one transaction, oldest first: units
 * are handed out in order until capacity runs out (plots recorded, escrow burnt, certificates
 * issued), the rest are refunded. Redemptions are claimed with SKIP LOCKED, so several workers
 * take disjoint batches; the project row lock orders their allocations. Idempotent: what is no
 * longer PENDING is never touched again. Returns how many were settled and refunded.
 */
export async function settleProjectBatch(projectId: string, limit = SETTLEMENT_BATCH) {
  return db().$transaction((tx) =>
    settleClaimed(tx, () =>
      tx.$queryRaw<PendingRow[]>`
        SELECT id, "userId", "recipientId", "teamId", "projectId", quantity, "costGrams" FROM "Redemption"
        WHERE "projectId" = ${projectId} AND status = 'PENDING'
        ORDER BY seq LIMIT ${limit} FOR UPDATE SKIP LOCKED`,
    ),
  );
}

/** Settles every pending redemption of a project, batch after batch. */
export async function settleProject(projectId: string) {
  const total = { settled: 0, refunded: 0 };
  for (;;) {
    const batch = await settleProjectBatch(projectId);
    total.settled += batch.settled;
    total.refunded += batch.refunded;
    if (batch.settled + batch.refunded === 0) return total;
  }
}

export type SettlementOutcome = "SETTLED" | "REFUNDED" | "ALREADY_DONE";

/** One redemption in its own transaction: the naive baseline of the benchmark, and the seed's path. */
export async function settleRedemption(redemptionId: string): Promise<SettlementOutcome> {
  const result = await db().$transaction((tx) =>
    settleClaimed(tx, () =>
      tx.$queryRaw<PendingRow[]>`
        SELECT id, "userId", "recipientId", "teamId", "projectId", quantity, "costGrams" FROM "Redemption"
        WHERE id = ${redemptionId} AND status = 'PENDING' FOR UPDATE`,
    ),
  );
  return result.settled ? "SETTLED" : result.refunded ? "REFUNDED" : "ALREADY_DONE";
}

async function settleClaimed(tx: Tx, claim: () => Promise<PendingRow[]>) {
  const pending = await claim();
  if (pending.length === 0) return { settled: 0, refunded: 0 };
  const [project] = await tx.$queryRaw<ProjectRow[]>`
    SELECT id, kind, "codePrefix", capacity, "allocatedUnits" FROM "Project" WHERE id = ${pending[0]!.projectId} FOR UPDATE`;
  const plan = planAllocation(pending, project!.allocatedUnits, project!.capacity);
  const byId = new Map(pending.map((r) => [r.id, r]));
  // Who holds the escrow: the redeemer, or each member of a co-planting team for their share.
  const teamIds = pending.flatMap((r) => (r.teamId ? [r.teamId] : []));
  const members = teamIds.length
    ? await tx.teamMember.findMany({ where: { teamId: { in: teamIds }, pooledGrams: { gt: 0 } }, select: { teamId: true, userId: true, pooledGrams: true } })
    : [];
  const payers = (r: PendingRow) =>
    r.teamId
      ? members.filter((m) => m.teamId === r.teamId).map((m) => ({ userId: m.userId, grams: m.pooledGrams, key: `${r.id}:${m.userId}` }))
      : [{ userId: r.userId, grams: r.costGrams, key: r.id }];

  const plots = [];
  const entries: EntryInput[] = [];
  const updates: { id: string; status: string; certificate: string | null; reason: string | null }[] = [];
  const refunds: { userId: string; grams: number }[] = [];
  for (const outcome of plan.outcomes) {
    const r = byId.get(outcome.id)!;
    if (outcome.settled) {
      for (const plot of plotsForAllocation(project!.kind, outcome.firstUnit, r.quantity)) {
        plots.push({ ...plot, projectId: project!.id, holderId: r.recipientId ?? r.userId, redemptionId: r.id, code: plotCode(project!.codePrefix, plot.firstUnit) });
      }
      for (const payer of payers(r)) {
        entries.push({ userId: payer.userId, account: "ESCROW", kind: "REDEEM_BURN", grams: -payer.grams, idempotencyKey: `burn:${payer.key}`, redemptionId: r.id });
      }
      updates.push({ id: r.id, status: "SETTLED", certificate: newCertificateNumber(), reason: null });
    } else {
      for (const payer of payers(r)) {
        entries.push(
          { userId: payer.userId, account: "ESCROW", kind: "REDEEM_REFUND", grams: -payer.grams, idempotencyKey: `refund-out:${payer.key}`, redemptionId: r.id },
          { userId: payer.userId, account: "BALANCE", kind: "REDEEM_REFUND", grams: payer.grams, idempotencyKey: `refund-in:${payer.key}`, redemptionId: r.id },
        );
        refunds.push({ userId: payer.userId, grams: payer.grams });
      }
      updates.push({ id: r.id, status: "REFUNDED", certificate: null, reason: "sold_out" });
    }
  }

  // Raw multi-row inserts: a batch writes hundreds of rows, and the ORM's per-row cost would dominate.
  if (plots.length) {
    await tx.$executeRaw`
      INSERT INTO "Plot" (id, "projectId", "holderId", "redemptionId", code, "firstUnit", "unitCount")
      SELECT gen_random_uuid()::text, ${project!.id}, holder, redemption, code, first, count
      FROM unnest(${plots.map((p) => p.holderId)}::text[], ${plots.map((p) => p.redemptionId)}::text[], ${plots.map((p) => p.code)}::text[],
                  ${plots.map((p) => p.firstUnit)}::int[], ${plots.map((p) => p.unitCount)}::int[]) AS t(holder, redemption, code, first, count)`;
  }
  await tx.$executeRaw`
    INSERT INTO "EnergyEntry" ("userId", account, kind, grams, "idempotencyKey", "redemptionId")
    SELECT "user", account::"EnergyAccount", kind::"EnergyEntryKind", grams, key, redemption
    FROM unnest(${entries.map((e) => e.userId)}::text[], ${entries.map((e) => e.account)}::text[], ${entries.map((e) => e.kind)}::text[],
                ${entries.map((e) => e.grams)}::int[], ${entries.map((e) => e.idempotencyKey)}::text[], ${entries.map((e) => e.redemptionId!)}::text[])
      AS t("user", account, kind, grams, key, redemption)`;
  await tx.$executeRaw`
    UPDATE "Redemption" r SET status = v.status::"RedemptionStatus", "certificateNumber" = v.certificate, reason = v.reason, "settledAt" = now()
    FROM unnest(${updates.map((u) => u.id)}::text[], ${updates.map((u) => u.status)}::text[],
                ${updates.map((u) => u.certificate)}::text[], ${updates.map((u) => u.reason)}::text[]) AS v(id, status, certificate, reason)
    WHERE r.id = v.id`;
  if (refunds.length) {
    await tx.$executeRaw`
      UPDATE "User" u SET "energyBalance" = u."energyBalance" + v.grams
      FROM (SELECT id, SUM(grams)::int AS grams FROM unnest(${refunds.map((r) => r.userId)}::text[], ${refunds.map((r) => r.grams)}::int[]) AS t(id, grams) GROUP BY id) v
      WHERE u.id = v.id`;
  }
  await tx.$executeRaw`UPDATE "Project" SET "allocatedUnits" = ${plan.allocatedUnits} WHERE id = ${project!.id}`;
  const refundedTeams = plan.outcomes.flatMap((o) => (!o.settled && byId.get(o.id)!.teamId ? [byId.get(o.id)!.teamId!] : []));
  if (refundedTeams.length) await tx.team.updateMany({ where: { id: { in: refundedTeams } }, data: { status: "DISBANDED" } });
  const settled = plan.outcomes.filter((o) => o.settled).length;
  return { settled, refunded: plan.outcomes.length - settled };
}

/** Projects with redemptions left PENDING for a while: a lost job must not strand them. */
export async function projectsWithStalePending(olderThanMs: number) {
  const rows = await db().$queryRaw<{ projectId: string }[]>`
    SELECT DISTINCT "projectId" FROM "Redemption"
    WHERE status = 'PENDING' AND "createdAt" < ${new Date(Date.now() - olderThanMs)}`;
  return rows.map((row) => row.projectId);
}
