import { audit } from "~/audit/audit.server";
import { db } from "~/db/client.server";
import { Refused } from "~/utils/refused";
import { appendToPublicLog } from "~/transparency/public-log.server";
import { packFromBatch } from "./trace.server";
import { tellBuyer } from "./payments.server";

// Sending what was bought: an operator marks an order's line shipped with its carrier and tracking
// number, once; the buyer sees it on the order and is told. The units are packed from the oldest
// batch with room (batches.server.ts), whose trace code the buyer then sees.

export class ShipRefused extends Refused<"not_found" | "not_paid" | "already_shipped"> {}

export async function shipLine(operatorId: string, input: { lineId: string; carrier: string; tracking: string }) {
  return db().$transaction(async (tx) => {
    // Conditional: a line is shipped once, and only once its order is paid (and not refunded in full).
    const [shipped] = await tx.$queryRaw<{ orderId: string; productId: string; quantity: number }[]>`
      UPDATE "OrderLine" l SET "shippedAt" = now(), carrier = ${input.carrier}, "trackingNumber" = ${input.tracking}
      FROM "Order" o
      WHERE l.id = ${input.lineId} AND o.id = l."orderId" AND l."shippedAt" IS NULL AND o.status IN ('PAID', 'PARTIALLY_REFUNDED')
      RETURNING l."orderId", l."productId", l.quantity`;
    if (!shipped) {
      const line = await tx.orderLine.findUnique({ where: { id: input.lineId }, select: { shippedAt: true } });
      throw new ShipRefused(!line ? "not_found" : line.shippedAt ? "already_shipped" : "not_paid");
    }
    const batch = await packFromBatch(tx, { id: input.lineId, productId: shipped.productId, quantity: shipped.quantity });
    await audit(tx, { actorId: operatorId, action: "order_ship", subject: input.lineId, details: { orderId: shipped.orderId, carrier: input.carrier, tracking: input.tracking, traceCode: batch?.traceCode ?? null } });
    await tellBuyer(tx, "order_shipped", shipped.orderId, `order-shipped-${input.lineId}`, { carrier: input.carrier, tracking: input.tracking });
    if (batch) await appendToPublicLog(tx, { kind: "trace", ref: `line:${input.lineId}`, data: { code: batch.traceCode, quantity: shipped.quantity } });
    return { orderId: shipped.orderId, traceCode: batch?.traceCode ?? null };
  });
}
