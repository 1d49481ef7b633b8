import { db } from "~/db/client.server";
import { balanceOf } from "~/ledger/money-ledger.server";

// A household's statement, printable for the village: every allocation by order and product
// (refunds as negative lines), the payouts it received, and what it is owed now.

export async function householdStatement(householdId: string) {
  const household = await db().household.findUnique({
    where: { id: householdId },
    include: { project: { select: { nameZh: true, nameEn: true } }, cooperative: { select: { nameZh: true, nameEn: true } } },
  });
  if (!household) return null;
  const allocations = await db().$queryRaw<
    { at: Date; kind: string; orderId: string | null; productZh: string | null; productEn: string | null; quantity: number | null; fen: bigint }[]
  >`
    SELECT t."createdAt" AS at, t.kind, t."orderId", pr."nameZh" AS "productZh", pr."nameEn" AS "productEn", l.quantity, (-e."amountFen")::bigint AS fen
    FROM "MoneyEntry" e
    JOIN "MoneyAccount" a ON a.id = e."accountId" AND a."householdId" = ${householdId} AND a.kind = 'HOUSEHOLD_PAYABLE'
    JOIN "MoneyTransaction" t ON t.id = e."transactionId" AND t.kind IN ('ORDER_PAID', 'ORDER_REFUNDED')
    LEFT JOIN "OrderLine" l ON l.id = e."orderLineId"
    LEFT JOIN "Product" pr ON pr.id = l."productId"
    ORDER BY t."createdAt", e.id`;
  const payouts = await db().payout.findMany({
    where: { householdId, status: { in: ["PENDING", "PROCESSING", "AWAITING_CONFIRMATION", "PAID"] } },
    orderBy: { batch: { createdAt: "asc" } },
    include: { batch: { select: { periodStart: true, periodEnd: true } } },
  });
  const allocatedFen = allocations.reduce((sum, a) => sum + BigInt(a.fen), 0n);
  // What reached the household: a transfer Stripe reversed is owed again, not received.
  const paidFen = payouts.filter((p) => p.status === "PAID").reduce((sum, p) => sum + p.amountFen - p.reversedFen, 0n);
  const inPaymentFen = payouts.filter((p) => p.status !== "PAID").reduce((sum, p) => sum + p.amountFen, 0n);
  return {
    household,
    allocations: allocations.map((a) => ({ ...a, fen: BigInt(a.fen), refund: a.kind === "ORDER_REFUNDED" })),
    payouts,
    allocatedFen,
    paidFen,
    inPaymentFen,
    owedFen: -(await balanceOf(`household:${householdId}`)),
  };
}
