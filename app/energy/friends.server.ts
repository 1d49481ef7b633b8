import { type Prisma } from "@prisma/client";
import { db } from "~/db/client.server";
import type { LeaderboardPeriod } from "./leaderboard";
import { startOfLocal } from "./local-time";
import { Refused } from "~/utils/refused";

export type FriendRefusal =
  | "user_not_found"
  | "self"
  | "already_friends"
  | "already_requested"
  | "request_not_found"
  | "not_friends";

export class FriendRefused extends Refused<FriendRefusal> {}

export async function areFriends(userId: string, otherId: string) {
  return (await db().friendship.count({ where: { userId, friendId: otherId } })) === 1;
}

async function befriend(tx: Prisma.TransactionClient, a: string, b: string) {
  await tx.friendship.createMany({ data: [{ userId: a, friendId: b }, { userId: b, friendId: a }], skipDuplicates: true });
  await tx.activity.createMany({
    data: [
      { userId: a, actorId: b, kind: "FRIEND_ADDED" },
      { userId: b, actorId: a, kind: "FRIEND_ADDED" },
    ],
  });
}

/**
 * Sends a friend request to the user with this email or invite code. If they had already asked
 * the sender, the two become friends at once. An email nobody has yet is answered exactly as one
 * somebody has (the same statements run): the request waits for whoever signs up with it, so
 * the answer never tells whether an account exists (docs/decisions/019-no-account-enumeration.md).
 * An unknown invite code is said: codes are handed out on purpose, and cannot be guessed.
 */
export async function sendFriendRequest(fromId: string, target: { email?: string; inviteCode?: string }) {
  const email = target.email?.trim().toLowerCase();
  const to = await db().user.findFirst({ where: email ? { email } : { inviteCode: normaliseInviteCode(target.inviteCode ?? "") }, select: { id: true } });
  if (!to && !email) throw new FriendRefused("user_not_found");
  if (to?.id === fromId) throw new FriendRefused("self");
  // Nobody's id is the empty string: for an unknown email these match nothing.
  const toId = to?.id ?? "";
  if (await areFriends(fromId, toId)) throw new FriendRefused("already_friends");

  return db().$transaction(async (tx) => {
    const reverse = await tx.friendRequest.updateMany({
      where: { fromId: toId, toId: fromId, status: "PENDING" },
      data: { status: "ACCEPTED", respondedAt: new Date() },
    });
    if (reverse.count === 1) {
      await befriend(tx, fromId, toId);
      const accepted = await tx.friendRequest.findUniqueOrThrow({ where: { fromId_toId: { fromId: toId, toId: fromId } } });
      return { id: accepted.id, status: "ACCEPTED" as const };
    }
    const existing = await tx.friendRequest.findFirst({ where: { fromId, OR: [{ toId }, ...(email ? [{ toEmail: email }] : [])] } });
    if (existing?.status === "PENDING") throw new FriendRefused("already_requested");
    const request = existing
      ? await tx.friendRequest.update({ where: { id: existing.id }, data: { status: "PENDING", createdAt: new Date(), respondedAt: null } })
      : await tx.friendRequest.create({ data: { fromId, toId: to?.id ?? null, toEmail: email ?? null } });
    return { id: request.id, status: "PENDING" as const };
  });
}

/** Requests sent by email before this address had an account become requests to it (in the sign-up's transaction). */
export async function claimRequestsByEmail(tx: Prisma.TransactionClient, userId: string, email: string) {
  await tx.friendRequest.updateMany({ where: { toEmail: email, toId: null, status: "PENDING" }, data: { toId: userId } });
}

/** Only the person asked can answer; a request is answered once (a conditional update). */
export async function answerFriendRequest(userId: string, requestId: string, accept: boolean) {
  return db().$transaction(async (tx) => {
    const answered = await tx.friendRequest.updateMany({
      where: { id: requestId, toId: userId, status: "PENDING" },
      data: { status: accept ? "ACCEPTED" : "DECLINED", respondedAt: new Date() },
    });
    if (answered.count === 0) throw new FriendRefused("request_not_found");
    if (accept) {
      const request = await tx.friendRequest.findUniqueOrThrow({ where: { id: requestId } });
      await befriend(tx, request.fromId, userId);
    }
  });
}

export async function removeFriend(userId: string, friendId: string) {
  const removed = await db().friendship.deleteMany({
    where: { OR: [{ userId, friendId }, { userId: friendId, friendId: userId }] },
  });
  if (removed.count === 0) throw new FriendRefused("not_friends");
}

export async function pendingRequests(userId: string) {
  const [incoming, outgoing] = await Promise.all([
    db().friendRequest.findMany({
      where: { toId: userId, status: "PENDING" },
      include: { from: { select: { id: true, displayName: true } } },
      orderBy: { createdAt: "desc" },
      take: 50,
    }),
    db().friendRequest.findMany({
      where: { fromId: userId, status: "PENDING" },
      include: { to: { select: { id: true, displayName: true } } },
      orderBy: { createdAt: "desc" },
      take: 50,
    }),
  ]);
  return {
    incoming: incoming.map((r) => ({ id: r.id, userId: r.from.id, displayName: r.from.displayName })),
    // Asked by email: the address as the asker typed it, whether or not it has an account yet.
    outgoing: outgoing.map((r) => (r.toEmail || !r.to ? { id: r.id, userId: null, displayName: r.toEmail ?? "" } : { id: r.id, userId: r.to.id, displayName: r.to.displayName })),
  };
}

/** Friends with the energy they have ripe now and the next ball to ripen, ripest first. */
export async function listFriends(userId: string, now = new Date()) {
  const rows = await db().$queryRaw<{ id: string; displayName: string; ripeGrams: bigint; nextRipensAt: Date | null }[]>`
    SELECT u.id, u."displayName",
      COALESCE(SUM(b."remainingGrams") FILTER (WHERE b."ripensAt" <= ${now} AND b."expiresAt" > ${now}), 0) AS "ripeGrams",
      MIN(b."ripensAt") FILTER (WHERE b."ripensAt" > ${now}) AS "nextRipensAt"
    FROM "Friendship" f
    JOIN "User" u ON u.id = f."friendId"
    LEFT JOIN "EnergyBall" b ON b."userId" = u.id AND b.status = 'OPEN'
    WHERE f."userId" = ${userId}
    GROUP BY u.id, u."displayName"
    ORDER BY "ripeGrams" DESC, "nextRipensAt" ASC NULLS LAST, u."displayName"
    LIMIT 500`;
  return rows.map((row) => ({
    id: row.id,
    displayName: row.displayName,
    ripeGrams: Number(row.ripeGrams),
    nextRipensAt: row.nextRipensAt?.toISOString() ?? null,
  }));
}

/**
 * The caller and their friends, by energy gathered (collected, taken and received as water) today,
 * this week (from Monday) or ever, in the caller's own time zone; and by trees held.
 */
export async function friendsLeaderboard(userId: string, period: LeaderboardPeriod = "all", now = new Date()) {
  const { timeZone } = await db().user.findUniqueOrThrow({ where: { id: userId }, select: { timeZone: true } });
  const since = period === "all" ? new Date(0) : startOfLocal(period === "today" ? "day" : "week", now, timeZone);
  const rows = await db().$queryRaw<{ id: string; displayName: string; totalGrams: bigint; trees: bigint }[]>`
    WITH circle AS (
      SELECT ${userId}::text AS id UNION SELECT "friendId" FROM "Friendship" WHERE "userId" = ${userId}
    )
    SELECT u.id, u."displayName",
      -- Kept per quarter hour and in all by a trigger on the ledger (EnergyGathered): a week is at most 672 rows a person.
      CASE WHEN ${period === "all"}::boolean
        THEN COALESCE((SELECT grams FROM "EnergyGatheredTotal" g WHERE g."userId" = u.id), 0)
        ELSE COALESCE((SELECT SUM(grams) FROM "EnergyGathered" g WHERE g."userId" = u.id AND g.bucket >= ${since}), 0)
      END AS "totalGrams",
      COALESCE((SELECT SUM(h.units) FROM "ProjectHolder" h JOIN "Project" pr ON pr.id = h."projectId"
        WHERE h."holderId" = u.id AND pr.kind = 'FOREST'), 0) AS trees
    FROM circle c JOIN "User" u ON u.id = c.id`;
  const entries = rows.map((r) => ({ id: r.id, displayName: r.displayName, totalGrams: Number(r.totalGrams), trees: Number(r.trees) }));
  return {
    period,
    byEnergy: [...entries].sort((a, b) => b.totalGrams - a.totalGrams || a.displayName.localeCompare(b.displayName)),
    byTrees: [...entries].sort((a, b) => b.trees - a.trees || b.totalGrams - a.totalGrams),
  };
}

/**
 * A code as typed or read aloud, made comparable: case, spaces and dashes do not matter (codes are
 * shown as they are, but people retype them from screenshots and chats). Anything else is kept, so
 * a code that was never ours stays unknown.
 */
export function normaliseInviteCode(typed: string): string {
  return typed.replace(/[\s-]/g, "").toUpperCase().slice(0, 64);
}
