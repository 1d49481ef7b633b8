import { Prisma } from "@prisma/client";
import { createHmac, timingSafeEqual } from "node:crypto";
import { reader } from "~/db/client.server";
import { dayText, lastDayText } from "~/payouts/china-days";
import { requireWebEnv } from "~/utils/env.server";

// The fen trail of an order: what its households' share was (net of refunds), and which payout
// batches carried it to them. A batch pays each household everything owed up to its period's
// end, so a household's share of this order went out with the first of its paid payouts in a
// batch whose period ended after the sale was posted; until then it is waiting. Households are
// counted, never named.

export type TrailBatch = { id: string; from: string; to: string; status: string; households: number; fen: string; transfers: string[]; disbursed: number };
export type OrderTrail = {
  /** Whether the sale is in the money ledger yet (a worker posts it just after the payment). */
  posted: boolean;
  householdFen: string;
  households: number;
  batches: TrailBatch[];
  waiting: { households: number; fen: string };
};

/** Whose share: one order's, or the lines packed from a product batch (any orders). */
export type TrailScope = { orderId: string } | { lineIds: string[] };

export async function shareTrail(scope: TrailScope): Promise<OrderTrail> {
  const within = "orderId" in scope ? Prisma.sql`t."orderId" = ${scope.orderId}` : Prisma.sql`e."orderLineId" = ANY(${scope.lineIds})`;
  const posted = "orderId" in scope ? (await reader().moneyTransaction.count({ where: { businessKey: `order-paid:${scope.orderId}` } })) > 0 : true;
  // One row per household and order: an order's share went out with the household's first paid
  // payout in a batch whose period ended after that order was posted.
  const rows = await reader().$queryRaw<{ householdId: string; fen: bigint; batchId: string | null; periodStart: Date | null; periodEnd: Date | null; batchStatus: string | null; transferId: string | null }[]>`
    WITH shares AS (
      SELECT a."householdId", t."orderId", -sum(e."amountFen") AS fen, min(t."createdAt") FILTER (WHERE t.kind = 'ORDER_PAID') AS at
      FROM "MoneyEntry" e JOIN "MoneyTransaction" t ON t.id = e."transactionId" JOIN "MoneyAccount" a ON a.id = e."accountId"
      WHERE ${within} AND a.kind = 'HOUSEHOLD_PAYABLE'
      GROUP BY a."householdId", t."orderId" HAVING -sum(e."amountFen") > 0
    )
    SELECT s."householdId", s.fen::bigint AS fen, carried."batchId", carried."periodStart", carried."periodEnd", carried.status::text AS "batchStatus", carried."transferId"
    FROM shares s LEFT JOIN LATERAL (
      SELECT p."batchId", b."periodStart", b."periodEnd", b.status, p."transferId"
      FROM "Payout" p JOIN "PayoutBatch" b ON b.id = p."batchId"
      WHERE p."householdId" = s."householdId" AND p.status = 'PAID' AND b."periodEnd" > s.at
      ORDER BY b."createdAt" LIMIT 1
    ) carried ON true`;
  const batches = new Map<string, TrailBatch & { paid: Set<string> }>();
  const waiting = new Set<string>();
  let waitingFen = 0n;
  for (const row of rows) {
    if (!row.batchId) {
      waiting.add(row.householdId);
      waitingFen += row.fen;
      continue;
    }
    const batch =
      batches.get(row.batchId) ??
      batches
        .set(row.batchId, { id: row.batchId, from: dayText(row.periodStart!), to: lastDayText(row.periodEnd!), status: row.batchStatus!, households: 0, fen: "0", transfers: [], disbursed: 0, paid: new Set() })
        .get(row.batchId)!;
    batch.fen = String(BigInt(batch.fen) + row.fen);
    if (batch.paid.has(row.householdId)) continue;
    batch.paid.add(row.householdId);
    batch.households += 1;
    if (row.transferId) batch.transfers.push(row.transferId);
    else batch.disbursed += 1;
  }
  return {
    posted,
    householdFen: String(rows.reduce((sum, r) => sum + r.fen, 0n)),
    households: new Set(rows.map((r) => r.householdId)).size,
    batches: [...batches.values()].map(({ paid: _, ...batch }) => batch).sort((a, b) => a.to.localeCompare(b.to)),
    waiting: { households: waiting.size, fen: String(waitingFen) },
  };
}

export const orderTrail = (orderId: string) => shareTrail({ orderId });

// The public receipt's link: the order's id and a signature of it, so only someone given the link
// can open it (order ids are not secret enough to stand alone), and it needs nothing stored.

const signatureOf = (orderId: string) => createHmac("sha256", requireWebEnv().SESSION_SECRET).update(`public-receipt:${orderId}`).digest("base64url").slice(0, 22);

export const publicReceiptToken = (orderId: string) => `${orderId}.${signatureOf(orderId)}`;

/** The order a public receipt token names, if its signature is ours; else null. */
export function orderOfPublicReceipt(token: string): string | null {
  const [orderId, signature] = token.split(".");
  if (!orderId || !signature || orderId.length > 40) return null;
  const expected = Buffer.from(signatureOf(orderId));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given) ? orderId : null;
}
