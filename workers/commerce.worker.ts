import type { Job } from "bullmq";
import { expireOverdueOrders, refundLatePayment } from "~/commerce/payments.server";
import type { PaymentProvider } from "~/commerce/payment-provider";
import { paymentProvider } from "~/commerce/provider.server";
import { db } from "~/db/client.server";
import { postOrderPaid, postOrderRefunded } from "~/ledger/money-ledger.server";

/** Commerce jobs; each is idempotent on its order. */
export async function processCommerce(job: Pick<Job<{ orderId?: string; refundedFen?: string }>, "name" | "data">, provider: PaymentProvider = paymentProvider()) {
  switch (job.name) {
    case "fulfil-order": {
      // The money is owed onward (ledger), then the order goes to its cooperative for shipping.
      // Both steps are idempotent, so a job killed between them is simply run again.
      const posted = await postOrderPaid(job.data.orderId!);
      const { count } = await db().order.updateMany({ where: { id: job.data.orderId, fulfilledAt: null }, data: { fulfilledAt: new Date() } });
      return { posted, fulfilled: count };
    }
    case "order-refunded": {
      // A refund can arrive before the sale's job ran: post the sale first.
      await postOrderPaid(job.data.orderId!);
      return { posted: await postOrderRefunded(job.data.orderId!, BigInt(job.data.refundedFen ?? "0")) };
    }
    case "refund-late-payment": {
      // Paid after its order expired, with the stock gone: the money is owed back (ledger), then
      // the provider refunds it; its charge.refunded event closes the order.
      const posted = await postOrderPaid(job.data.orderId!);
      const refund = await refundLatePayment(job.data.orderId!, provider);
      return { posted, refundId: refund?.id ?? null };
    }
    case "expire-orders":
      return { expired: await expireOverdueOrders(provider) };
    default:
      throw new Error(`unknown commerce job ${job.name}`);
  }
}
