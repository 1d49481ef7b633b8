import { Prisma, type Redemption } from "@prisma/client";
import { db } from "~/db/client.server";
import { plotLocation } from "~/projects/plot-places";
import { withPlaces } from "~/projects/plots.server";
import { randomUUID } from "node:crypto";
import { areFriends } from "~/energy/friends.server";
import { projectState } from "~/projects/project-state";
import { Refused } from "~/utils/refused";
import { MAX_QUANTITY } from "./quantity";
import { ARRIVAL_LOCK_CLASS } from "./settle.server";

export type RedemptionRefusal =
  | "project_not_found"
  | "project_not_open"
  | "sold_out"
  | "insufficient_energy"
  | "idempotency_conflict"
  | "recipient_not_friend"
  | "quantity_out_of_range";

export class RedemptionRefused extends Refused<RedemptionRefusal> {}

export type RedemptionRequest = { userId: string; projectId: string; quantity: number; idempotencyKey: string; giftToUserId?: string };

/**
 * Moves the cost from the user's balance to escrow and records a PENDING redemption and its
 * outbox row, in one SQL statement (one round trip, atomic): launch day sends thousands a second.
 * The same idempotency key returns the first redemption and never debits twice. Its place in line
 * (`seq`) is taken under the project's arrival lock, so settlement serves it in arrival order.
 */
export async function requestRedemption(request: RedemptionRequest): Promise<Redemption> {
  // The project's own cap is checked in the statement; this keeps the arithmetic within int.
  if (!Number.isInteger(request.quantity) || request.quantity < 1 || request.quantity > MAX_QUANTITY.PROTECTED_AREA) {
    const why = await whyRefused(request);
    throw new RedemptionRefused(why.reason, why.params);
  }
  if (request.giftToUserId && !(await areFriends(request.userId, request.giftToUserId))) {
    throw new RedemptionRefused("recipient_not_friend");
  }
  try {
    const [created] = await db().$queryRaw<Redemption[]>`
      WITH p AS (
        SELECT id, "unitCostGrams" * ${request.quantity}::int AS cost FROM "Project"
        WHERE (id = ${request.projectId} OR slug = ${request.projectId}) AND "opensAt" <= now() AND "allocatedUnits" < capacity
          AND ${request.quantity}::int <= CASE kind WHEN 'FOREST' THEN ${MAX_QUANTITY.FOREST}::int ELSE ${MAX_QUANTITY.PROTECTED_AREA}::int END
      ), place AS (
        -- The arrival lock (see settle.server.ts), shared, before any row lock and before the place in line.
        SELECT pg_advisory_xact_lock_shared(${ARRIVAL_LOCK_CLASS}::int, hashtext(p.id)) FROM p
      ), debit AS (
        UPDATE "User" u SET "energyBalance" = u."energyBalance" - p.cost FROM p, place
        WHERE u.id = ${request.userId} AND u."energyBalance" >= p.cost
        RETURNING p.id AS "projectId", p.cost
      ), ins AS (
        INSERT INTO "Redemption" (id, "userId", "projectId", quantity, "costGrams", "idempotencyKey", "recipientId")
        SELECT ${randomUUID()}, ${request.userId}, d."projectId", ${request.quantity}::int, d.cost, ${request.idempotencyKey}, ${request.giftToUserId ?? null}
        FROM debit d
        RETURNING *
      ), entries AS (
        INSERT INTO "EnergyEntry" ("userId", account, kind, grams, "idempotencyKey", "redemptionId")
        SELECT i."userId", v.account::"EnergyAccount", 'REDEEM_ESCROW', v.sign * i."costGrams", v.prefix || i.id, i.id
        FROM ins i CROSS JOIN (VALUES ('BALANCE', -1, 'escrow-out:'), ('ESCROW', 1, 'escrow-in:')) AS v(account, sign, prefix)
      ), outbox AS (
        INSERT INTO "OutboxEvent" (topic, "jobKey", payload)
        SELECT 'redemption.requested', 'redemption-' || i.id, jsonb_build_object('redemptionId', i.id, 'projectId', i."projectId")
        FROM ins i
      )
      SELECT * FROM ins`;
    if (created) return created;
  } catch (error) {
    // The key was used before (or by a concurrent request): the statement did nothing at all.
    if (!isUniqueViolation(error)) throw error;
  }
  const existing = await findByKey(request);
  if (existing) return existing;
  const why = await whyRefused(request);
  throw new RedemptionRefused(why.reason, why.params);
}

function isUniqueViolation(error: unknown) {
  if (!(error instanceof Prisma.PrismaClientKnownRequestError)) return false;
  return error.code === "P2002" || (error.meta as { code?: string } | undefined)?.code === "23505" || /23505|unique constraint/i.test(error.message);
}

async function whyRefused(request: RedemptionRequest): Promise<{ reason: RedemptionRefusal; params?: Record<string, number> }> {
  const project = await db().project.findFirst({ where: { OR: [{ id: request.projectId }, { slug: request.projectId }] } });
  if (!project) return { reason: "project_not_found" };
  if (!Number.isInteger(request.quantity) || request.quantity < 1 || request.quantity > MAX_QUANTITY[project.kind]) return { reason: "quantity_out_of_range", params: { max: MAX_QUANTITY[project.kind] } };
  const state = projectState(project, new Date());
  if (state === "COMING") return { reason: "project_not_open" };
  if (state === "SOLD_OUT") return { reason: "sold_out" };
  return { reason: "insufficient_energy" };
}

async function findByKey(request: RedemptionRequest) {
  const existing = await db().redemption.findUnique({
    where: { userId_idempotencyKey: { userId: request.userId, idempotencyKey: request.idempotencyKey } },
  });
  if (existing && (existing.quantity !== request.quantity || (existing.recipientId ?? undefined) !== request.giftToUserId || (existing.projectId !== request.projectId && !(await isSlugOf(request.projectId, existing.projectId))))) {
    throw new RedemptionRefused("idempotency_conflict");
  }
  return existing;
}

async function isSlugOf(slug: string, projectId: string) {
  return (await db().project.count({ where: { id: projectId, slug } })) === 1;
}

export async function getRedemption(id: string, viewer: { id: string; role: string }) {
  const redemption = await db().redemption.findFirst({
    where: viewer.role === "OPERATOR" ? { id } : { id, OR: [{ userId: viewer.id }, { recipientId: viewer.id }] },
    include: { plots: { orderBy: { firstUnit: "asc" } }, project: true },
  });
  if (!redemption) return null;
  const plots = await withPlaces(redemption.plots.map((plot) => ({ ...plot, project: { kind: redemption.project.kind } })));
  return { ...redemption, plots };
}

export function redemptionView(redemption: NonNullable<Awaited<ReturnType<typeof getRedemption>>>) {
  return {
    id: redemption.id,
    status: redemption.status,
    projectId: redemption.projectId,
    quantity: redemption.quantity,
    costGrams: redemption.costGrams,
    // Settled: how many units it got (fewer than asked when capacity ran out on it, 0 refunded).
    ...(redemption.grantedUnits !== null ? { grantedUnits: redemption.grantedUnits } : {}),
    ...(redemption.recipientId ? { giftToUserId: redemption.recipientId } : {}),
    createdAt: redemption.createdAt.toISOString(),
    ...(redemption.certificateNumber ? { certificateNumber: redemption.certificateNumber } : {}),
    ...(redemption.status === "SETTLED"
      ? { plots: redemption.plots.map((p) => ({ code: p.code, firstUnit: p.firstUnit, unitCount: p.unitCount, status: p.status, ...plotLocation(p.place) })) }
      : {}),
    ...(redemption.reason ? { reason: redemption.reason } : {}),
  };
}

export async function listRecentRedemptions(cursor: string | null, pageSize = 25) {
  const rows = await db().redemption.findMany({
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: pageSize + 1,
    ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
    include: { user: { select: { displayName: true, email: true } }, project: { select: { nameZh: true, nameEn: true } } },
  });
  return { rows: rows.slice(0, pageSize), nextCursor: rows.length > pageSize ? rows[pageSize - 1]!.id : null };
}
