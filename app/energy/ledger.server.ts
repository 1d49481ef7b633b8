import type { Tx } from "~/db/client.server";

/**
 * Adds `grams` to a user's balance as one ledger entry. The idempotency key makes a repeat a
 * no-op; returns whether this call applied it.
 */
export async function grantEnergy(tx: Tx, userId: string, grams: number, idempotencyKey: string): Promise<boolean> {
  const inserted = await tx.$executeRaw`
    INSERT INTO "EnergyEntry" ("userId", account, kind, grams, "idempotencyKey")
    VALUES (${userId}, 'BALANCE', 'GRANT', ${grams}, ${idempotencyKey})
    ON CONFLICT ("idempotencyKey") DO NOTHING`;
  if (inserted !== 1) return false;
  await tx.user.update({ where: { id: userId }, data: { energyBalance: { increment: grams } } });
  return true;
}
