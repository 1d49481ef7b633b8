import type { Job } from "bullmq";
import { expireOverdueOrders } from "~/commerce/payments.server";
import { paymentProvider } from "~/commerce/provider.server";
import { db } from "~/db/client.server";
import { logger } from "~/utils/logger.server";

export const EXPIRE_ORDERS_EVERY_MS = 60_000;

/** Commerce jobs; each is idempotent on its order. */
export async function processCommerce(job: Job<{ orderId?: string; refundedFen?: string }>) {
  switch (job.name) {
    case "fulfil-order": {
      // Paid orders go to their cooperatives for shipping; the money ledger posts from here (#7).
      const { count } = await db().order.updateMany({ where: { id: job.data.orderId, status: "PAID", fulfilledAt: null }, data: { fulfilledAt: new Date() } });
      return { fulfilled: count };
    }
    case "order-refunded":
      logger.info({ orderId: job.data.orderId, refundedFen: job.data.refundedFen }, "order refunded");
      return { refunded: true };
    case "expire-orders":
      return { expired: await expireOverdueOrders(paymentProvider()) };
    default:
      throw new Error(`unknown commerce job ${job.name}`);
  }
}
