import { audit } from "~/audit/audit.server";
import { db } from "~/db/client.server";
import { writeEntries } from "./ledger.server";
import { ENERGY_RULES } from "./rules";

// Operators' review of balls held from implausible reports (holds.server.ts): released, a ball is
// earned then (its EARN entry written) and ripens as usual, with at least its full lifetime left;
// rejected, it never was energy. Many at once, each ball decided once (a conditional update on
// HELD, balls locked in id order).

export const REVIEW_AT_MOST = 200;

export async function listHeldBalls(limit = REVIEW_AT_MOST) {
  const balls = await db().energyBall.findMany({
    where: { status: "HELD" },
    orderBy: { createdAt: "asc" },
    take: limit,
    include: { user: { select: { email: true, displayName: true } } },
  });
  const total = await db().energyBall.count({ where: { status: "HELD" } });
  return {
    total,
    balls: balls.map((ball) => ({
      id: ball.id,
      user: ball.user.displayName,
      email: ball.user.email,
      actionType: ball.actionType,
      grams: ball.grams,
      reason: ball.heldReason ?? "",
      createdAt: ball.createdAt.toISOString(),
    })),
  };
}

export type ReviewDecision = "release" | "reject";

export async function reviewBalls(ballIds: string[], decision: ReviewDecision, operatorId: string): Promise<{ decided: number }> {
  const ids = [...new Set(ballIds)].sort();
  return db().$transaction(async (tx) => {
    const held = await tx.$queryRaw<{ id: string; userId: string; grams: number }[]>`
      SELECT id, "userId", grams FROM "EnergyBall" WHERE id = ANY(${ids}) AND status = 'HELD' ORDER BY id FOR UPDATE`;
    if (held.length === 0) return { decided: 0 };
    const heldIds = held.map((ball) => ball.id);
    if (decision === "release") {
      const lifetime = `${ENERGY_RULES.ballLifetimeHours} hours`;
      await tx.$executeRaw`
        UPDATE "EnergyBall" SET status = 'OPEN', "ripensAt" = GREATEST("ripensAt", now()),
          "expiresAt" = GREATEST("expiresAt", GREATEST("ripensAt", now()) + ${lifetime}::interval)
        WHERE id = ANY(${heldIds})`;
      await writeEntries(
        tx,
        held.map((ball) => ({ userId: ball.userId, account: "BALL" as const, kind: "EARN" as const, grams: ball.grams, idempotencyKey: `earn:${ball.id}`, ballId: ball.id })),
      );
    } else {
      await tx.$executeRaw`UPDATE "EnergyBall" SET status = 'REJECTED' WHERE id = ANY(${heldIds})`;
    }
    await audit(tx, {
      actorId: operatorId,
      action: decision === "release" ? "energy_release" : "energy_reject",
      subject: heldIds.length === 1 ? heldIds[0]! : `${heldIds.length} balls`,
      details: { balls: heldIds.length, grams: held.reduce((sum, ball) => sum + ball.grams, 0) },
    });
    return { decided: held.length };
  });
}
