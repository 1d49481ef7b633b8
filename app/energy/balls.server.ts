import { type Tx, db } from "~/db/client.server";
import { ripeningFor } from "./ball-time";
import { ENERGY_RULES } from "./rules";
import { writeEntries } from "./ledger.server";

/** A demo shortcut ball ripens the moment it is made and lives the usual time after that. */
export function ripeNow(now: Date) {
  return { ripensAt: now, expiresAt: new Date(now.getTime() + ENERGY_RULES.ballLifetimeHours * 3600 * 1000) };
}

/**
 * Creates a ball for earned energy and its EARN entry, inside the caller's transaction. Its times
 * follow from when the action happened (demo data and tests may set them; a demo shortcut is ripe
 * at once and says so).
 */
/**
 * A ball from an action: earned (its EARN entry) at once, or, with `heldFor`, made but held for an
 * operator's review with no entry yet (holds.server.ts, review.server.ts).
 */
export async function createBall(
  tx: Tx,
  input: { userId: string; actionType: string; grams: number; occurredAt: Date; times?: { ripensAt: Date; expiresAt: Date }; demoShortcut?: boolean; heldFor?: string | null },
) {
  const { ripensAt, expiresAt } = input.times ?? ripeningFor(input.occurredAt);
  const ball = await tx.energyBall.create({
    data: {
      userId: input.userId,
      actionType: input.actionType,
      grams: input.grams,
      remainingGrams: input.grams,
      ripensAt,
      expiresAt,
      demoShortcut: input.demoShortcut ?? false,
      ...(input.heldFor ? { status: "HELD" as const, heldReason: input.heldFor } : {}),
    },
  });
  if (input.heldFor) return ball;
  await writeEntries(tx, [
    { userId: input.userId, account: "BALL", kind: "EARN", grams: input.grams, idempotencyKey: `earn:${ball.id}`, ballId: ball.id },
  ]);
  return ball;
}

/**
 * Marks up to `limit` uncollected balls past their expiry as EXPIRED and writes what was left in
 * each as an EXPIRE entry, in one statement; rows are claimed with SKIP LOCKED, so concurrent runs
 * (or a collect racing the expiry) never count a ball twice. Returns how many expired.
 */
export async function expireBalls(limit = 1000): Promise<number> {
  return db().$executeRaw`
    WITH expired AS (
      UPDATE "EnergyBall" SET status = 'EXPIRED'
      WHERE id IN (
        SELECT id FROM "EnergyBall" WHERE status = 'OPEN' AND "expiresAt" <= now()
        ORDER BY "expiresAt" LIMIT ${limit} FOR UPDATE SKIP LOCKED)
      RETURNING id, "userId", "remainingGrams"
    )
    INSERT INTO "EnergyEntry" ("userId", account, kind, grams, "idempotencyKey", "ballId")
    SELECT "userId", 'BALL', 'EXPIRE', -"remainingGrams", 'expire:' || id, id FROM expired`;
}

export async function expireAllDueBalls(): Promise<number> {
  let total = 0;
  for (;;) {
    const expired = await expireBalls();
    total += expired;
    if (expired === 0) return total;
  }
}
