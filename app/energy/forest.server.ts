import type { HoldReason } from "./holds.server";
import { db } from "~/db/client.server";
import { ballState, type BallStatus, isExpiringSoon, type BallState } from "./ball-time";
import { areFriends } from "./friends.server";
import { ENERGY_RULES } from "./rules";
import { stealAllowance } from "./stealing";
import { takeFromBall, TakeRefused } from "./take.server";
import { Refused } from "~/utils/refused";

export type ForestBall = {
  id: string;
  type: string;
  grams: number;
  remaining: number;
  state: BallState;
  ripensAt: string;
  expiresAt: string;
  expiringSoon: boolean;
  /** Made ripe at once by a demo button (demo deployments only). */
  demoShortcut: boolean;
};

type BallRow = {
  id: string;
  actionType: string;
  grams: number;
  remainingGrams: number;
  status: BallStatus;
  ripensAt: Date;
  expiresAt: Date;
  demoShortcut?: boolean;
};

function toForestBall(ball: BallRow, now: Date): ForestBall {
  const state = ballState(ball, now);
  return {
    id: ball.id,
    type: ball.actionType,
    grams: ball.grams,
    remaining: ball.remainingGrams,
    state,
    ripensAt: ball.ripensAt.toISOString(),
    expiresAt: ball.expiresAt.toISOString(),
    expiringSoon: state === "RIPE" && isExpiringSoon(ball.expiresAt, now),
    demoShortcut: ball.demoShortcut ?? false,
  };
}

const openBalls = (userId: string, now: Date) =>
  db().energyBall.findMany({
    where: { userId, status: "OPEN", expiresAt: { gt: now } },
    orderBy: [{ ripensAt: "asc" }, { id: "asc" }],
    take: 100,
  });

const activeUntil = (until: Date | null, now: Date) => (until && until > now ? { until: until.toISOString() } : null);

/** Balls held for review (holds.server.ts), and those rejected in the last week: their owner is told why. */
const ballsUnderReview = (userId: string, now: Date) =>
  db().energyBall.findMany({
    where: { userId, status: { in: ["HELD", "REJECTED"] }, createdAt: { gt: new Date(now.getTime() - 7 * 86_400_000) } },
    orderBy: { createdAt: "desc" },
    take: 20,
    select: { id: true, grams: true, actionType: true, heldReason: true, status: true },
  });

export async function getForest(userId: string, now = new Date()) {
  const [user, balls, reviewed] = await Promise.all([
    db().user.findUniqueOrThrow({
      where: { id: userId },
      select: { energyBalance: true, coverUntil: true, doubleUntil: true, coverItems: true, doubleCards: true, streakDays: true },
    }),
    openBalls(userId, now),
    ballsUnderReview(userId, now),
  ]);
  return {
    balance: user.energyBalance,
    balls: balls.map((ball) => toForestBall(ball, now)),
    cover: activeUntil(user.coverUntil, now),
    doubleCard: activeUntil(user.doubleUntil, now),
    items: { covers: user.coverItems, doubleCards: user.doubleCards },
    streakDays: user.streakDays,
    underReview: reviewed.map((ball) => ({
      id: ball.id,
      grams: ball.grams,
      actionType: ball.actionType,
      reason: (ball.heldReason ?? "steps_implausible") as HoldReason,
      state: ball.status as "HELD" | "REJECTED",
    })),
  };
}

export class ForestAccessRefused extends Refused<"not_friends" | "not_found"> {}

/** A friend's ripe and growing balls, with how much the viewer may still take from each. */
export async function getFriendForest(viewerId: string, friendId: string, now = new Date()) {
  if (!(await areFriends(viewerId, friendId))) {
    const exists = await db().user.count({ where: { id: friendId } });
    throw new ForestAccessRefused(exists ? "not_friends" : "not_found");
  }
  const [friend, viewer, balls] = await Promise.all([
    db().user.findUniqueOrThrow({ where: { id: friendId }, select: { id: true, displayName: true, coverUntil: true } }),
    db().user.findUniqueOrThrow({ where: { id: viewerId }, select: { doubleUntil: true } }),
    openBalls(friendId, now),
  ]);
  const takes = await db().steal.groupBy({
    by: ["ballId"],
    where: { thiefId: viewerId, ballId: { in: balls.map((b) => b.id) } },
    _count: { _all: true },
  });
  const ownerProtected = !!friend.coverUntil && friend.coverUntil > now;
  const doubleCardActive = !!viewer.doubleUntil && viewer.doubleUntil > now;
  return {
    friend: { id: friend.id, displayName: friend.displayName },
    cover: activeUntil(friend.coverUntil, now),
    balls: balls.map((ball) => {
      const view = toForestBall(ball, now);
      const previousTakes = takes.find((t) => t.ballId === ball.id)?._count._all ?? 0;
      const allowance = stealAllowance(ball, previousTakes, { ownerProtected, doubleCardActive });
      // Spent for this viewer whatever the cover: their share taken, or the ball at its limit.
      const spent = view.state === "RIPE" && !stealAllowance(ball, previousTakes, { ownerProtected: false, doubleCardActive }).ok;
      return {
        ...view,
        mayTake: view.state === "RIPE" && allowance.ok ? allowance.maxGrams : 0,
        spent,
        ...(view.state === "RIPE" && !allowance.ok ? { refusal: allowance.reason } : {}),
      };
    }),
  };
}

export { takeFromBall, TakeRefused, type TakeRefusal } from "./take.server";

/** Collects every ripe ball of the user, each in its own transaction; returns the total. */
export async function collectAll(userId: string) {
  const now = new Date();
  const ripe = await db().energyBall.findMany({
    where: { userId, status: "OPEN", ripensAt: { lte: now }, expiresAt: { gt: now } },
    select: { id: true },
  });
  let grams = 0;
  let collected = 0;
  for (const ball of ripe) {
    try {
      grams += (await takeFromBall(userId, ball.id)).grams;
      collected += 1;
    } catch (error) {
      if (!(error instanceof TakeRefused)) throw error;
    }
  }
  const { energyBalance } = await db().user.findUniqueOrThrow({ where: { id: userId }, select: { energyBalance: true } });
  return { grams, collected, balance: energyBalance };
}

export class ItemRefused extends Refused<"no_item"> {}

/** Uses one protection cover (24 h from now, or from the end of the one running) or double-collect card. */
export async function useItem(userId: string, item: "cover" | "double_card") {
  const now = new Date();
  const rows =
    item === "cover"
      ? await db().$queryRaw<{ until: Date }[]>`
          UPDATE "User" SET "coverItems" = "coverItems" - 1,
            "coverUntil" = GREATEST(COALESCE("coverUntil", ${now}), ${now}) + make_interval(hours => ${ENERGY_RULES.coverHours})
          WHERE id = ${userId} AND "coverItems" > 0 RETURNING "coverUntil" AS until`
      : await db().$queryRaw<{ until: Date }[]>`
          UPDATE "User" SET "doubleCards" = "doubleCards" - 1,
            "doubleUntil" = GREATEST(COALESCE("doubleUntil", ${now}), ${now}) + make_interval(mins => ${ENERGY_RULES.doubleCardMinutes})
          WHERE id = ${userId} AND "doubleCards" > 0 RETURNING "doubleUntil" AS until`;
  if (!rows[0]) throw new ItemRefused("no_item");
  return { until: rows[0].until.toISOString() };
}

/** The user's feed: what friends did to them and what they did, newest first, with names resolved. */
export async function listActivity(userId: string, limit = 30) {
  const rows = await db().activity.findMany({ where: { userId }, orderBy: { id: "desc" }, take: limit });
  const projectRows = rows.filter((r) => r.kind === "REDEEMED" || r.kind === "GAVE_TREE" || r.kind === "GIFT_RECEIVED");
  const [actors, projects] = await Promise.all([
    db().user.findMany({ where: { id: { in: rows.flatMap((r) => (r.actorId ? [r.actorId] : [])) } }, select: { id: true, displayName: true } }),
    projectRows.length
      ? db().project.findMany({ where: { id: { in: projectRows.map((r) => r.detail ?? "") } }, select: { id: true, kind: true, nameZh: true, nameEn: true } })
      : [],
  ]);
  return rows.map((row) => {
    const project = projectRows.includes(row) ? projects.find((p) => p.id === row.detail) : undefined;
    return {
      id: String(row.id),
      kind: row.kind,
      grams: row.grams,
      units: row.units,
      detail: project ? null : row.detail,
      project: project ? { kind: project.kind, name: { zh: project.nameZh, en: project.nameEn } } : null,
      actor: actors.find((a) => a.id === row.actorId)?.displayName ?? null,
      createdAt: row.createdAt.toISOString(),
    };
  });
}

/** The signed-in user's balance, or null for a visitor. */
export async function balanceOf(user: { id: string } | null): Promise<number | null> {
  if (!user) return null;
  return (await db().user.findUniqueOrThrow({ where: { id: user.id }, select: { energyBalance: true } })).energyBalance;
}
