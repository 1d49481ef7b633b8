import { db } from "~/db/client.server";
import { newCertificateNumber } from "./certificate-number";
import { plotCode, plotsForAllocation } from "./plot-codes";

export type SettlementOutcome = "SETTLED" | "REFUNDED" | "ALREADY_DONE";

/**
 * Settles one PENDING redemption in one transaction: either capacity is taken (a conditional
 * update bounded by capacity), plots are recorded and the escrow burnt, or the escrow is refunded.
 * Idempotent: a redemption that is no longer PENDING is left as it is.
 */
export async function settleRedemption(redemptionId: string): Promise<SettlementOutcome> {
  return db().$transaction(async (tx) => {
    const claimed = await tx.$queryRaw<{ id: string; userId: string; projectId: string; quantity: number; costGrams: number }[]>`
      SELECT id, "userId", "projectId", quantity, "costGrams" FROM "Redemption"
      WHERE id = ${redemptionId} AND status = 'PENDING' FOR UPDATE`;
    const redemption = claimed[0];
    if (!redemption) return "ALREADY_DONE";

    const allocated = await tx.$queryRaw<{ end: number; kind: "FOREST" | "PROTECTED_AREA"; codePrefix: string }[]>`
      UPDATE "Project" SET "allocatedUnits" = "allocatedUnits" + ${redemption.quantity}
      WHERE id = ${redemption.projectId} AND "allocatedUnits" + ${redemption.quantity} <= capacity AND "opensAt" <= now()
      RETURNING "allocatedUnits" AS end, kind, "codePrefix"`;
    const project = allocated[0];

    if (!project) {
      await tx.energyEntry.createMany({
        data: [
          { userId: redemption.userId, account: "ESCROW", kind: "REDEEM_REFUND", grams: -redemption.costGrams, idempotencyKey: `refund-out:${redemption.id}`, redemptionId: redemption.id },
          { userId: redemption.userId, account: "BALANCE", kind: "REDEEM_REFUND", grams: redemption.costGrams, idempotencyKey: `refund-in:${redemption.id}`, redemptionId: redemption.id },
        ],
      });
      await tx.user.update({ where: { id: redemption.userId }, data: { energyBalance: { increment: redemption.costGrams } } });
      await tx.redemption.update({ where: { id: redemption.id }, data: { status: "REFUNDED", reason: "sold_out", settledAt: new Date() } });
      return "REFUNDED";
    }

    const firstUnit = project.end - redemption.quantity;
    await tx.plot.createMany({
      data: plotsForAllocation(project.kind, firstUnit, redemption.quantity).map((plot) => ({
        ...plot,
        projectId: redemption.projectId,
        holderId: redemption.userId,
        redemptionId: redemption.id,
        code: plotCode(project.codePrefix, plot.firstUnit),
      })),
    });
    await tx.energyEntry.create({
      data: { userId: redemption.userId, account: "ESCROW", kind: "REDEEM_BURN", grams: -redemption.costGrams, idempotencyKey: `burn:${redemption.id}`, redemptionId: redemption.id },
    });
    await tx.redemption.update({
      where: { id: redemption.id },
      data: { status: "SETTLED", certificateNumber: newCertificateNumber(), settledAt: new Date() },
    });
    return "SETTLED";
  });
}
