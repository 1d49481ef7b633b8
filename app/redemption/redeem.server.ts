import type { Redemption } from "@prisma/client";
import { db, pool } from "~/db/client.server";
import { coalesced } from "~/db/coalesce.server";
import { query, statement } from "~/db/sql.server";
import { singleton } from "~/utils/singleton.server";
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

export type RedemptionRequest = {
  userId: string;
  projectId: string;
  quantity: number;
  idempotencyKey: string;
  giftToUserId?: string;
  /** A gift's few words to its recipient. */
  giftMessage?: string;
};

// One statement for one request or a batch of them ($1…$6 arrays, one element each for one
// request): the cost moves from the balance to escrow, the PENDING redemption, its two ledger
// entries and its outbox row are written, atomically; a user short of energy, a project not open or
// sold out, or a key used before gets no row.
const REDEEM = statement(
  "redeem",
  `WITH r AS (
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::int[], $5::text[], $6::text[], $7::text[])
       WITH ORDINALITY AS r(id, "userId", ref, quantity, key, recipient, message, n)
   ), p AS (
     SELECT r.n, pr.id AS "projectId", pr."unitCostGrams" * r.quantity AS cost
     FROM r JOIN "Project" pr ON pr.id = r.ref OR pr.slug = r.ref
     WHERE pr."opensAt" <= now() AND pr."allocatedUnits" < pr.capacity
       AND r.quantity <= CASE pr.kind WHEN 'FOREST' THEN $8::int ELSE $9::int END
       -- A key used before gets no row here (and its answer from findByKey), not a failed batch.
       AND NOT EXISTS (SELECT 1 FROM "Redemption" x WHERE x."userId" = r."userId" AND x."idempotencyKey" = r.key)
   ), place AS (
     -- The arrival lock (see settle.server.ts), shared, before any row lock and before the place in line.
     SELECT count(pg_advisory_xact_lock_shared($10::int, hashtext(id))) AS held FROM (SELECT DISTINCT "projectId" AS id FROM p) x
   ), debit AS (
     UPDATE "User" u SET "energyBalance" = u."energyBalance" - p.cost FROM r JOIN p USING (n), place
     WHERE u.id = r."userId" AND u."energyBalance" >= p.cost
     RETURNING r.n
   ), ins AS (
     INSERT INTO "Redemption" (id, "userId", "projectId", quantity, "costGrams", "idempotencyKey", "recipientId", "giftMessage")
     SELECT r.id, r."userId", p."projectId", r.quantity, p.cost, r.key, r.recipient, r.message
     FROM r JOIN p USING (n) JOIN debit USING (n) ORDER BY r.n
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
   SELECT * FROM ins`,
);

// A batch takes its locks in the one order used everywhere: the projects' arrival locks (shared,
// by project id), then the users' rows (by user id), then what the statement writes.
const HOLD_PLACES = statement(
  "redeem-many-places",
  `SELECT count(pg_advisory_xact_lock_shared($2::int, hashtext(id)))
   FROM (SELECT id FROM "Project" WHERE id = ANY($1::text[]) OR slug = ANY($1::text[]) ORDER BY id) p`,
);
const LOCK_USERS = statement("redeem-many-users", `SELECT count(*) FROM (SELECT id FROM "User" WHERE id = ANY($1::text[]) ORDER BY id FOR NO KEY UPDATE) u`);

type Pending = RedemptionRequest & { id: string };

function redeemValues(requests: Pending[]) {
  return [
    requests.map((r) => r.id), requests.map((r) => r.userId), requests.map((r) => r.projectId), requests.map((r) => r.quantity),
    requests.map((r) => r.idempotencyKey), requests.map((r) => r.giftToUserId ?? null),
    requests.map((r) => (r.giftToUserId && r.giftMessage ? r.giftMessage : null)), MAX_QUANTITY.FOREST, MAX_QUANTITY.PROTECTED_AREA, ARRIVAL_LOCK_CLASS,
  ];
}

/** One request in its own statement (its own transaction): a burst of one, or a batch's retry. */
async function redeemOne(request: Pending) {
  return (await query<Redemption>(REDEEM, redeemValues([request])))[0];
}

async function redeemMany(requests: Pending[]): Promise<Map<string, Redemption>> {
  const client = await pool().connect();
  let failed: unknown;
  try {
    await client.query("BEGIN");
    await query(HOLD_PLACES, [[...new Set(requests.map((r) => r.projectId))], ARRIVAL_LOCK_CLASS], client);
    await query(LOCK_USERS, [requests.map((r) => r.userId)], client);
    const rows = await query<Redemption>(REDEEM, redeemValues(requests), client);
    await client.query("COMMIT");
    return new Map(rows.map((row) => [row.id, row]));
  } catch (error) {
    failed = error;
    await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  } finally {
    // A connection that failed mid-transaction is not handed to the next request.
    client.release(failed instanceof Error ? failed : undefined);
  }
}

/**
 * Concurrent requests share one transaction: one commit and a few round trips for the lot instead
 * of one each (the launch-day peak is thousands a second). One request per user goes in a batch
 * (the others of the same user follow one by one); a batch that fails for any reason (a key racing
 * another process, a deadlock, a lost connection) did nothing, and its requests run one by one.
 */
async function redeemTogether(requests: RedemptionRequest[]): Promise<PromiseSettledResult<Redemption | undefined>[]> {
  const pending = requests.map((request) => ({ ...request, id: randomUUID() }));
  const seen = new Set<string>();
  const batch = new Set(pending.filter((request) => !seen.has(request.userId) && seen.add(request.userId)));
  let made: Map<string, Redemption> | undefined;
  if (batch.size > 1) made = await redeemMany([...batch]).catch(() => undefined);
  return Promise.allSettled(pending.map((request) => (made && batch.has(request) ? Promise.resolve(made.get(request.id)) : redeemOne(request))));
}

const intake = () => singleton("redemption-intake", () => coalesced(redeemTogether, { maxBatch: 100, inFlight: 3 }));

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
    const created = await intake()(request);
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
  return (error as { code?: unknown }).code === "23505";
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

type RedemptionWithPlots = Omit<NonNullable<Awaited<ReturnType<typeof getRedemption>>>, "project">;

/** A redemption as the API shows it; one just made (PENDING) has no plots yet, so it needs no query. */
export async function viewOf(redemption: Redemption, viewer: { id: string; role: string }) {
  return redemptionView(redemption.status === "PENDING" ? { ...redemption, plots: [] } : (await getRedemption(redemption.id, viewer))!);
}

export function redemptionView(redemption: RedemptionWithPlots) {
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
