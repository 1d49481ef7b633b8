import { notificationRow } from "~/notifications/notify.server";
import { db, type Tx } from "~/db/client.server";
import { lockUsers, type EntryInput } from "~/energy/ledger.server";
import { planAllocation } from "./allocation";
import { newCertificateNumber } from "./certificate-number";
import { plotCode, plotsForAllocation } from "./plot-codes";

type PendingRow = {
  id: string;
  userId: string;
  recipientId: string | null;
  giftMessage: string | null;
  teamId: string | null;
  projectId: string;
  quantity: number;
  costGrams: number;
};
type ProjectRow = { id: string; kind: "FOREST" | "PROTECTED_AREA"; codePrefix: string; capacity: number; allocatedUnits: number };

export const SETTLEMENT_BATCH = 500;

/**
 * The advisory lock (class, then the project id's hash) that orders arrival with settlement.
 * A request holds it shared while it takes its place in line (`Redemption.seq`, from a sequence),
 * so once settlement has held it exclusively for an instant, every place handed out so far belongs
 * to a committed (or rolled back) request: no earlier place can still appear behind the ones it
 * is about to serve. PostgreSQL queues advisory lock requests fairly, so the instant comes even
 * under a flood of requests.
 */
export const ARRIVAL_LOCK_CLASS = 7_300_001;

/** Takes the project's arrival lock shared, inside the caller's transaction, before it inserts a redemption. */
export async function holdPlaceInLine(tx: Tx, projectId: string) {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock_shared(${ARRIVAL_LOCK_CLASS}::int, hashtext(${projectId}))`;
}

/** The newest place in line that is final, or null when nothing of the project is pending. */
async function arrivalHorizon(projectId: string): Promise<bigint | null> {
  return db().$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${ARRIVAL_LOCK_CLASS}::int, hashtext(${projectId}))`;
    const [row] = await tx.$queryRaw<{ horizon: bigint | null }[]>`
      SELECT max(seq) AS horizon FROM "Redemption" WHERE "projectId" = ${projectId} AND status = 'PENDING'`;
    return row?.horizon ?? null;
  });
}

/**
 * Settles up to `limit` PENDING redemptions of a project up to place `horizon`, oldest first, in
 * one transaction: units are handed out strictly in order until capacity runs out (plots
 * recorded, escrow burnt, certificates issued), the rest refunded. Locks are taken in one order
 * everywhere: the project row (FOR NO KEY UPDATE: settlers of a project take turns, while
 * requests, whose foreign key only needs KEY SHARE, are never blocked by it), the redemption
 * rows, teams, then users. Idempotent: what is no longer PENDING is never touched again.
 */
async function settleBatch(projectId: string, horizon: bigint, options: { wait: boolean }, limit = SETTLEMENT_BATCH) {
  return db().$transaction(async (tx) => {
    if (!options.wait) {
      const [turn] = await tx.$queryRaw<{ mine: boolean }[]>`SELECT pg_try_advisory_xact_lock(${SETTLER_LOCK_CLASS}::int, hashtext(${projectId})) AS mine`;
      if (!turn?.mine) return { settled: 0, refunded: 0, busy: true };
    }
    const project = await lockProjectForSettlement(tx, projectId);
    if (!project) return { settled: 0, refunded: 0, busy: false };
    const pending = await tx.$queryRaw<PendingRow[]>`
      SELECT id, "userId", "recipientId", "giftMessage", "teamId", "projectId", quantity, "costGrams" FROM "Redemption"
      WHERE "projectId" = ${projectId} AND status = 'PENDING' AND seq <= ${horizon}
      ORDER BY seq LIMIT ${limit} FOR UPDATE`;
    return { ...(await settleRows(tx, project, pending)), busy: false };
  });
}

/**
 * Held by the settler of a project for the length of a batch: another settler that finds it held
 * leaves the project to that one (which looks for new places again before it stops) instead of
 * queueing behind it. Only settlers take it, so anything else holding the project row (an operator
 * changing the boundary) is waited for, never mistaken for a settler.
 */
const SETTLER_LOCK_CLASS = 7_300_002;

/** The first lock a settlement batch takes on the project (see settleBatch for why this mode). */
export async function lockProjectForSettlement(tx: Tx, projectId: string): Promise<ProjectRow | undefined> {
  const [project] = await tx.$queryRaw<ProjectRow[]>`
    SELECT id, kind, "codePrefix", capacity, "allocatedUnits" FROM "Project" WHERE id = ${projectId} FOR NO KEY UPDATE`;
  return project;
}

/**
 * Settles a project's pending redemptions in arrival order, up to `upTo` (a place in line) or all
 * of them. Any number of workers may run it at once for the same project, and none ever serves a
 * later place before an earlier one: one settles while the others, finding the project busy,
 * leave it to that one, which looks again for anything new before it stops (a row that committed
 * before another settler left is therefore always seen). With `upTo`, it waits its turn instead.
 */
export async function settleProject(projectId: string, upTo?: bigint) {
  const total = { settled: 0, refunded: 0 };
  const wait = upTo !== undefined;
  let previous: bigint | null = null;
  for (;;) {
    const final = await arrivalHorizon(projectId);
    // Nothing pending, or nothing new since a pass that found nothing to do: done.
    if (final === null || final === previous) return total;
    previous = final;
    const horizon = upTo !== undefined && upTo < final ? upTo : final;
    let pass = 0;
    for (;;) {
      const batch = await settleBatch(projectId, horizon, { wait });
      if (batch.busy) return total;
      total.settled += batch.settled;
      total.refunded += batch.refunded;
      pass += batch.settled + batch.refunded;
      if (batch.settled + batch.refunded < SETTLEMENT_BATCH) break;
    }
    if (upTo !== undefined) return total;
    if (pass > 0) previous = null;
  }
}

export type SettlementOutcome = "SETTLED" | "REFUNDED" | "ALREADY_DONE";

/**
 * One redemption, and every earlier one of its project first (arrival order holds here too): the
 * one-transaction-per-redemption baseline of the benchmark, and what jobs from before per-project
 * settlement run.
 */
export async function settleRedemption(redemptionId: string): Promise<SettlementOutcome> {
  const row = await db().redemption.findUnique({ where: { id: redemptionId }, select: { projectId: true, seq: true, status: true } });
  if (!row || row.status !== "PENDING") return "ALREADY_DONE";
  await settleProject(row.projectId, row.seq);
  const { status } = await db().redemption.findUniqueOrThrow({ where: { id: redemptionId }, select: { status: true } });
  return status === "PENDING" ? "ALREADY_DONE" : status === "REFUNDED" ? "REFUNDED" : "SETTLED";
}

async function settleRows(tx: Tx, project: ProjectRow, pending: PendingRow[]) {
  if (pending.length === 0) return { settled: 0, refunded: 0 };
  const plan = planAllocation(pending, project.allocatedUnits, project.capacity);
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
  const updates: { id: string; status: string; certificate: string | null; reason: string | null; units: number }[] = [];
  const refunds: { userId: string; grams: number }[] = [];
  for (const outcome of plan.outcomes) {
    const r = byId.get(outcome.id)!;
    for (const plot of plotsForAllocation(project.kind, outcome.firstUnit, outcome.units)) {
      plots.push({ ...plot, holderId: r.recipientId ?? r.userId, redemptionId: r.id, code: plotCode(project.codePrefix, plot.firstUnit) });
    }
    // Each payer's escrow is burnt for the units served and refunded for the rest (all of it
    // when none were left, part of it for the one redemption that met the end of capacity).
    for (const payer of payers(r)) {
      const burnt = Math.floor((payer.grams * outcome.units) / r.quantity);
      const back = payer.grams - burnt;
      if (burnt > 0) {
        entries.push({ userId: payer.userId, account: "ESCROW", kind: "REDEEM_BURN", grams: -burnt, idempotencyKey: `burn:${payer.key}`, redemptionId: r.id });
      }
      if (back > 0) {
        entries.push(
          { userId: payer.userId, account: "ESCROW", kind: "REDEEM_REFUND", grams: -back, idempotencyKey: `refund-out:${payer.key}`, redemptionId: r.id },
          { userId: payer.userId, account: "BALANCE", kind: "REDEEM_REFUND", grams: back, idempotencyKey: `refund-in:${payer.key}`, redemptionId: r.id },
        );
        refunds.push({ userId: payer.userId, grams: back });
      }
    }
    const served = outcome.units > 0;
    updates.push({
      id: r.id,
      status: served ? "SETTLED" : "REFUNDED",
      certificate: served ? newCertificateNumber() : null,
      reason: !served ? "sold_out" : outcome.units < r.quantity ? "partly_sold_out" : null,
      units: outcome.units,
    });
  }

  // Raw multi-row inserts: a batch writes hundreds of rows, and the ORM's per-row cost would dominate.
  if (plots.length) {
    await tx.$executeRaw`
      INSERT INTO "Plot" (id, "projectId", "holderId", "redemptionId", code, "firstUnit", "unitCount")
      SELECT gen_random_uuid()::text, ${project.id}, holder, redemption, code, first, count
      FROM unnest(${plots.map((p) => p.holderId)}::text[], ${plots.map((p) => p.redemptionId)}::text[], ${plots.map((p) => p.code)}::text[],
                  ${plots.map((p) => p.firstUnit)}::int[], ${plots.map((p) => p.unitCount)}::int[]) AS t(holder, redemption, code, first, count)`;
  }
  if (entries.length) await tx.$executeRaw`
    INSERT INTO "EnergyEntry" ("userId", account, kind, grams, "idempotencyKey", "redemptionId")
    SELECT "user", account::"EnergyAccount", kind::"EnergyEntryKind", grams, key, redemption
    FROM unnest(${entries.map((e) => e.userId)}::text[], ${entries.map((e) => e.account)}::text[], ${entries.map((e) => e.kind)}::text[],
                ${entries.map((e) => e.grams)}::int[], ${entries.map((e) => e.idempotencyKey)}::text[], ${entries.map((e) => e.redemptionId!)}::text[])
      AS t("user", account, kind, grams, key, redemption)`;
  await tx.$executeRaw`
    UPDATE "Redemption" r SET status = v.status::"RedemptionStatus", "certificateNumber" = v.certificate, reason = v.reason,
      "grantedUnits" = v.units, "settledAt" = now()
    FROM unnest(${updates.map((u) => u.id)}::text[], ${updates.map((u) => u.status)}::text[], ${updates.map((u) => u.certificate)}::text[],
                ${updates.map((u) => u.reason)}::text[], ${updates.map((u) => u.units)}::int[]) AS v(id, status, certificate, reason, units)
    WHERE r.id = v.id`;
  // The feeds: what the redeemer redeemed or gave, and for a gift what its recipient received.
  const served = updates.filter((u) => u.units > 0).map((u) => ({ ...byId.get(u.id)!, units: u.units, certificate: u.certificate }));
  const feed = served.flatMap((r) => [
    { userId: r.userId, actorId: r.recipientId, kind: r.recipientId ? "GAVE_TREE" : "REDEEMED", units: r.units },
    ...(r.recipientId ? [{ userId: r.recipientId, actorId: r.userId, kind: "GIFT_RECEIVED", units: r.units }] : []),
  ]);
  if (feed.length) {
    await tx.$executeRaw`
      INSERT INTO "Activity" ("userId", "actorId", kind, units, detail)
      SELECT "user", actor, kind::"ActivityKind", units, ${project.id}
      FROM unnest(${feed.map((f) => f.userId)}::text[], ${feed.map((f) => f.actorId)}::text[],
                  ${feed.map((f) => f.kind)}::text[], ${feed.map((f) => f.units)}::int[])
        AS t("user", actor, kind, units)`;
  }
  // A gift's recipient is told, with the giver's words (app/notifications).
  const gifts = served.filter((r) => r.recipientId);
  if (gifts.length) {
    await tx.outboxEvent.createMany({
      data: gifts.map((r) =>
        notificationRow({
          kind: "gift_received",
          key: `gift-${r.id}`,
          to: [r.recipientId!],
          params: { actorId: r.userId, projectId: project.id, units: r.units, href: `/certificates/${r.certificate}`, ...(r.giftMessage ? { message: r.giftMessage } : {}) },
        }),
      ),
      skipDuplicates: true,
    });
  }
  const refundedTeams = updates.flatMap((u) => (u.status === "REFUNDED" && byId.get(u.id)!.teamId ? [byId.get(u.id)!.teamId!] : []));
  if (refundedTeams.length) await tx.team.updateMany({ where: { id: { in: refundedTeams } }, data: { status: "DISBANDED" } });
  if (refunds.length) {
    await lockUsers(tx, refunds.map((r) => r.userId));
    await tx.$executeRaw`
      UPDATE "User" u SET "energyBalance" = u."energyBalance" + v.grams
      FROM (SELECT id, SUM(grams)::int AS grams FROM unnest(${refunds.map((r) => r.userId)}::text[], ${refunds.map((r) => r.grams)}::int[]) AS t(id, grams) GROUP BY id) v
      WHERE u.id = v.id`;
  }
  await tx.$executeRaw`UPDATE "Project" SET "allocatedUnits" = ${plan.allocatedUnits} WHERE id = ${project.id}`;
  const settled = updates.filter((u) => u.status === "SETTLED").length;
  return { settled, refunded: updates.length - settled };
}

/** Projects with redemptions left PENDING for a while: a lost job must not strand them. */
export async function projectsWithStalePending(olderThanMs: number) {
  const rows = await db().$queryRaw<{ projectId: string }[]>`
    SELECT DISTINCT "projectId" FROM "Redemption"
    WHERE status = 'PENDING' AND "createdAt" < ${new Date(Date.now() - olderThanMs)}`;
  return rows.map((row) => row.projectId);
}
