import { db } from "~/db/client.server";
import { deliverySchema } from "./delivery";
import { orderName } from "./order-name";

/** A buyer's order (or any order, for an operator), with its lines and where their money goes. */
/** An order's lines as its pages show them: the product, and the batch a shipped line was packed from. */
export const ORDER_LINES = { lines: { orderBy: { id: "asc" }, include: { product: { select: { slug: true, nameZh: true, nameEn: true } }, batch: { select: { traceCode: true } }, plot: { select: { code: true } } } } } as const;

export async function findOrder(id: string, viewer: { id: string; role: string }) {
  return db().order.findFirst({ where: viewer.role === "OPERATOR" ? { id } : { id, userId: viewer.id }, include: ORDER_LINES });
}

export function orderView(order: NonNullable<Awaited<ReturnType<typeof findOrder>>>) {
  const sum = (pick: (l: (typeof order.lines)[number]) => bigint) => order.lines.reduce((total, line) => total + pick(line), 0n).toString();
  return {
    id: order.id,
    name: orderName(order.lines),
    status: order.status,
    createdAt: order.createdAt.toISOString(),
    totalFen: order.totalFen.toString(),
    refundedFen: order.refundedFen.toString(),
    provider: order.provider,
    /** Paid after it expired: FULFILLED (the stock was still there) or REFUNDED (it was not); else null. */
    latePayment: order.latePayment as "FULFILLED" | "REFUNDED" | null,
    checkoutUrl: order.status === "PENDING_PAYMENT" ? order.checkoutUrl : null,
    paidAt: order.paidAt?.toISOString() ?? null,
    shipTo: order.shipTo ? (deliverySchema.safeParse(order.shipTo).data ?? null) : null,
    shippable: order.status === "PAID" || order.status === "PARTIALLY_REFUNDED",
    lines: order.lines.map((line) => ({
      id: line.id,
      slug: line.product.slug,
      name: { zh: line.product.nameZh, en: line.product.nameEn },
      quantity: line.quantity,
      unitPriceFen: line.unitPriceFen.toString(),
      totalFen: (line.unitPriceFen * BigInt(line.quantity)).toString(),
      shipped: line.shippedAt ? { at: line.shippedAt.toISOString(), carrier: line.carrier ?? "", tracking: line.trackingNumber ?? "" } : null,
      traceCode: line.batch?.traceCode ?? null,
      /** Bought from the buyer's own plot page. */
      plot: line.plot?.code ?? null,
      money: { costFen: line.costFen.toString(), householdFen: line.householdFen.toString(), ecologyFen: line.ecologyFen.toString(), platformFen: line.platformFen.toString() },
    })),
    money: { costFen: sum((l) => l.costFen), householdFen: sum((l) => l.householdFen), ecologyFen: sum((l) => l.ecologyFen), platformFen: sum((l) => l.platformFen) },
  };
}

export async function listOrders(userId: string, take = 50) {
  return db().order.findMany({
    where: { userId },
    orderBy: { createdAt: "desc" },
    take,
    include: { lines: { orderBy: { id: "asc" }, select: { quantity: true, product: { select: { nameZh: true, nameEn: true } } } } },
  });
}

export async function listRecentOrders(cursor: string | null, pageSize = 25) {
  const rows = await db().order.findMany({
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: pageSize + 1,
    ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
    include: { user: { select: { displayName: true, email: true } } },
  });
  return { rows: rows.slice(0, pageSize), nextCursor: rows.length > pageSize ? rows[pageSize - 1]!.id : null };
}
