import type { EnergyAccount, EnergyEntryKind, Prisma } from "@prisma/client";
import { audit } from "~/audit/audit.server";
import { db, type Tx } from "~/db/client.server";
import { Refused } from "~/utils/refused";

export type EntryInput = {
  userId: string;
  account: EnergyAccount;
  kind: EnergyEntryKind;
  grams: number;
  idempotencyKey: string;
  ballId?: string;
  redemptionId?: string;
  counterpartId?: string;
  reason?: string;
};

/**
 * Locks several users' rows in id order, the one order every transaction that changes more than
 * one balance uses (intake batches, watering, settlement refunds, disbanded teams): two of them
 * can then never wait for each other in a cycle.
 */
export async function lockUsers(tx: Tx, userIds: string[]) {
  if (userIds.length < 2) return;
  await tx.$executeRaw`SELECT count(*) FROM (SELECT id FROM "User" WHERE id = ANY(${userIds}::text[]) ORDER BY id FOR NO KEY UPDATE) u`;
}

export async function writeEntries(tx: Tx, entries: EntryInput[]) {
  await tx.energyEntry.createMany({ data: entries });
}

export class AdjustmentRefused extends Refused<"insufficient_energy" | "user_not_found" | "idempotency_conflict"> {}

/**
 * An operator's grant (grams > 0) or deduction (grams < 0) with a reason, as one ledger entry.
 * The idempotency key makes a repeat a no-op that returns the first result; a deduction never
 * takes a balance below zero.
 */
export async function adjustEnergy(input: { userId: string; grams: number; reason: string; idempotencyKey: string; operatorId: string | null }) {
  const key = `grant:${input.idempotencyKey}`;
  const existing = await db().energyEntry.findUnique({ where: { idempotencyKey: key } });
  if (existing) {
    if (existing.userId !== input.userId || existing.grams !== input.grams) throw new AdjustmentRefused("idempotency_conflict");
    const user = await db().user.findUniqueOrThrow({ where: { id: input.userId }, select: { energyBalance: true } });
    return { entryId: String(existing.id), applied: false, balance: user.energyBalance };
  }
  try {
    return await db().$transaction(async (tx) => {
      const changed = await tx.$queryRaw<{ energyBalance: number }[]>`
        UPDATE "User" SET "energyBalance" = "energyBalance" + ${input.grams}
        WHERE id = ${input.userId} AND "energyBalance" + ${input.grams} >= 0
        RETURNING "energyBalance"`;
      if (changed.length === 0) {
        const exists = await tx.user.count({ where: { id: input.userId } });
        throw new AdjustmentRefused(exists ? "insufficient_energy" : "user_not_found");
      }
      const entry = await tx.energyEntry.create({
        data: {
          userId: input.userId,
          account: "BALANCE",
          kind: "GRANT",
          grams: input.grams,
          idempotencyKey: key,
          reason: input.reason,
          counterpartId: input.operatorId,
        },
      });
      if (input.operatorId) {
        await audit(tx, {
          actorId: input.operatorId,
          action: "energy_adjust",
          subject: input.userId,
          details: { grams: input.grams, reason: input.reason, balance: changed[0]!.energyBalance, entryId: String(entry.id) },
        });
      }
      return { entryId: String(entry.id), applied: true, balance: changed[0]!.energyBalance };
    });
  } catch (error) {
    if ((error as Prisma.PrismaClientKnownRequestError).code === "P2002") return adjustEnergy(input);
    throw error;
  }
}

/** Seed and tests: a grant under a fixed key, inside a caller's transaction. */
export async function grantEnergy(tx: Tx, userId: string, grams: number, idempotencyKey: string): Promise<boolean> {
  const inserted = await tx.$executeRaw`
    INSERT INTO "EnergyEntry" ("userId", account, kind, grams, "idempotencyKey", reason)
    VALUES (${userId}, 'BALANCE', 'GRANT', ${grams}, ${idempotencyKey}, 'seed')
    ON CONFLICT ("idempotencyKey") DO NOTHING`;
  if (inserted !== 1) return false;
  await tx.user.update({ where: { id: userId }, data: { energyBalance: { increment: grams } } });
  return true;
}

export async function listLedger(userId: string, cursor: bigint | null, pageSize = 50) {
  const rows = await db().energyEntry.findMany({
    where: { userId, ...(cursor ? { id: { lt: cursor } } : {}) },
    orderBy: { id: "desc" },
    take: pageSize + 1,
  });
  const page = rows.slice(0, pageSize);
  return {
    entries: page.map((e) => ({
      id: String(e.id),
      account: e.account,
      kind: e.kind,
      grams: e.grams,
      ballId: e.ballId,
      redemptionId: e.redemptionId,
      counterpartId: e.counterpartId,
      reason: e.reason,
      createdAt: e.createdAt.toISOString(),
    })),
    nextCursor: rows.length > pageSize ? String(page[page.length - 1]!.id) : null,
  };
}

// The other half of a pair shown once: a collect leaves the ball and enters the balance, escrow
// moves out of the balance and into escrow. "My energy" shows the side that says what happened.
const SECOND_HALF = [
  { account: "BALL", kind: "COLLECT" },
  { account: "ESCROW", kind: "REDEEM_ESCROW" },
  { account: "ESCROW", kind: "REDEEM_REFUND" },
  { account: "ESCROW", kind: "POOL" },
  { account: "ESCROW", kind: "GIFT_HOLD" },
  { account: "ESCROW", kind: "GIFT_RELEASE" },
] as const;

/**
 * The user's energy, entry by entry, in the words the page uses (kind, direction, who, which ball),
 * newest first, paged by entry id; and the totals by kind over all of it.
 */
export async function energyStatement(userId: string, cursor: bigint | null, pageSize = 30) {
  const rows = await db().energyEntry.findMany({
    where: { userId, NOT: SECOND_HALF.map((half) => ({ account: half.account, kind: half.kind })), ...(cursor ? { id: { lt: cursor } } : {}) },
    orderBy: { id: "desc" },
    take: pageSize + 1,
  });
  const page = rows.slice(0, pageSize);
  const [people, balls, totals] = await Promise.all([
    db().user.findMany({ where: { id: { in: page.flatMap((e) => (e.counterpartId ? [e.counterpartId] : [])) } }, select: { id: true, displayName: true } }),
    db().energyBall.findMany({ where: { id: { in: page.flatMap((e) => (e.ballId ? [e.ballId] : [])) } }, select: { id: true, actionType: true } }),
    db().$queryRaw<{ account: string; kind: string; direction: string; grams: bigint }[]>`
      SELECT account::text, kind::text, CASE WHEN grams >= 0 THEN 'in' ELSE 'out' END AS direction, SUM(grams)::bigint AS grams
      FROM "EnergyEntry" WHERE "userId" = ${userId}
      GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
  ]);
  return {
    entries: page.map((e) => ({
      id: String(e.id),
      account: e.account,
      kind: e.kind,
      grams: e.grams,
      who: people.find((p) => p.id === e.counterpartId)?.displayName ?? null,
      source: balls.find((b) => b.id === e.ballId)?.actionType ?? null,
      reason: e.reason,
      createdAt: e.createdAt.toISOString(),
    })),
    nextCursor: rows.length > pageSize ? String(page[page.length - 1]!.id) : null,
    totals: totals
      .filter((t) => !SECOND_HALF.some((half) => half.account === t.account && half.kind === t.kind))
      .map((t) => ({ account: t.account, kind: t.kind, direction: t.direction, grams: Number(t.grams) })),
  };
}

export type LedgerChecks = Awaited<ReturnType<typeof checkLedger>>;

/**
 * The two invariants: every cached balance (and every open ball) equals the sum of its entries, and
 * all energy in the system equals earned + granted − expired − redeemed.
 */
export async function checkLedger(client: Pick<Tx, "$queryRaw"> = db()) {
  const [totals] = await client.$queryRaw<
    { earned: bigint; granted: bigint; expired: bigint; redeemed: bigint; balances: bigint; escrow: bigint; inBalls: bigint; all: bigint }[]
  >`
    SELECT
      COALESCE(SUM(grams) FILTER (WHERE kind = 'EARN'), 0) AS earned,
      COALESCE(SUM(grams) FILTER (WHERE kind = 'GRANT'), 0) AS granted,
      COALESCE(-SUM(grams) FILTER (WHERE kind = 'EXPIRE'), 0) AS expired,
      COALESCE(-SUM(grams) FILTER (WHERE kind = 'REDEEM_BURN'), 0) AS redeemed,
      COALESCE(SUM(grams) FILTER (WHERE account = 'BALANCE'), 0) AS balances,
      COALESCE(SUM(grams) FILTER (WHERE account = 'ESCROW'), 0) AS escrow,
      COALESCE(SUM(grams) FILTER (WHERE account = 'BALL'), 0) AS "inBalls",
      COALESCE(SUM(grams), 0) AS "all"
    FROM "EnergyEntry"`;
  const [mismatches] = await client.$queryRaw<{ users: bigint; balls: bigint }[]>`
    SELECT
      (SELECT count(*) FROM "User" u WHERE u."energyBalance" <> COALESCE(
        (SELECT SUM(grams) FROM "EnergyEntry" e WHERE e."userId" = u.id AND e.account = 'BALANCE'), 0)) AS users,
      (SELECT count(*) FROM "EnergyBall" b WHERE
        (CASE WHEN b.status = 'OPEN' THEN b."remainingGrams" ELSE 0 END) <> COALESCE(
        (SELECT SUM(grams) FROM "EnergyEntry" e WHERE e."ballId" = b.id AND e.account = 'BALL'), 0)) AS balls`;
  const n = (value: bigint) => Number(value);
  const t = totals!;
  const expected = n(t.earned) + n(t.granted) - n(t.expired) - n(t.redeemed);
  return {
    earned: n(t.earned),
    granted: n(t.granted),
    expired: n(t.expired),
    redeemed: n(t.redeemed),
    inBalls: n(t.inBalls),
    balances: n(t.balances),
    escrow: n(t.escrow),
    total: n(t.all),
    conserved: expected === n(t.all),
    balanceMismatches: n(mismatches!.users),
    ballMismatches: n(mismatches!.balls),
    ok: expected === n(t.all) && n(mismatches!.users) === 0 && n(mismatches!.balls) === 0,
  };
}
