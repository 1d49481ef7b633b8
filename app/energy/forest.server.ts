import { db } from "~/db/client.server";
import { ballState, type BallState } from "./ball-time";

export type ForestBall = {
  id: string;
  type: string;
  grams: number;
  remaining: number;
  state: BallState;
  ripensAt: string;
  expiresAt: string;
};

export async function getForest(userId: string, now = new Date()) {
  const [user, balls] = await Promise.all([
    db().user.findUniqueOrThrow({ where: { id: userId }, select: { energyBalance: true } }),
    db().energyBall.findMany({
      where: { userId, status: "OPEN", expiresAt: { gt: now } },
      orderBy: [{ ripensAt: "asc" }, { id: "asc" }],
      take: 100,
    }),
  ]);
  return {
    balance: user.energyBalance,
    balls: balls.map(
      (ball): ForestBall => ({
        id: ball.id,
        type: ball.actionType,
        grams: ball.grams,
        remaining: ball.remainingGrams,
        state: ballState(ball, now),
        ripensAt: ball.ripensAt.toISOString(),
        expiresAt: ball.expiresAt.toISOString(),
      }),
    ),
  };
}

export type CollectRefusal = "not_found" | "not_ripe" | "already_collected" | "expired";

export class CollectRefused extends Error {
  constructor(readonly reason: CollectRefusal) {
    super(reason);
  }
}

/**
 * The owner takes what is left of a ripe ball. The ball row is claimed by a conditional update,
 * so two collects (or a collect racing expiry) cannot both succeed.
 */
export async function collectBall(userId: string, ballId: string): Promise<{ grams: number; balance: number }> {
  const result = await db().$transaction(async (tx) => {
    const taken = await tx.$queryRaw<{ grams: number }[]>`
      WITH ball AS (
        SELECT id, "remainingGrams" FROM "EnergyBall"
        WHERE id = ${ballId} AND "userId" = ${userId} AND status = 'OPEN'
          AND "ripensAt" <= now() AND "expiresAt" > now()
        FOR UPDATE
      )
      UPDATE "EnergyBall" b SET status = 'COLLECTED', "remainingGrams" = 0, "collectedAt" = now()
      FROM ball WHERE b.id = ball.id
      RETURNING ball."remainingGrams" AS grams`;
    const grams = taken[0]?.grams;
    if (grams === undefined) return null;
    await tx.energyEntry.create({
      data: { userId, account: "BALANCE", kind: "COLLECT", grams, idempotencyKey: `collect:${ballId}`, ballId },
    });
    const user = await tx.user.update({
      where: { id: userId },
      data: { energyBalance: { increment: grams } },
      select: { energyBalance: true },
    });
    return { grams, balance: user.energyBalance };
  });
  if (result) return result;
  throw new CollectRefused(await whyNotCollectable(userId, ballId));
}

async function whyNotCollectable(userId: string, ballId: string): Promise<CollectRefusal> {
  const ball = await db().energyBall.findFirst({ where: { id: ballId, userId } });
  if (!ball) return "not_found";
  const state = ballState(ball, new Date());
  if (state === "GROWING") return "not_ripe";
  if (state === "EXPIRED") return "expired";
  return "already_collected";
}

/** The signed-in user's balance, or null for a visitor. */
export async function balanceOf(user: { id: string } | null): Promise<number | null> {
  if (!user) return null;
  return (await db().user.findUniqueOrThrow({ where: { id: user.id }, select: { energyBalance: true } })).energyBalance;
}
