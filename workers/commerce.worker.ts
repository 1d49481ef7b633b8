import { expireOverdueOrders, refundLatePayment } from "~/commerce/payments.server";
import type { PaymentProvider } from "~/commerce/payment-provider";
import { paymentProvider } from "~/commerce/provider.server";
import { db } from "~/db/client.server";
import { postOrderPaid, postOrderRefunded } from "~/ledger/money-ledger.server";
import { processorFor, type JobInput } from "~/queue/jobs.server";
import { QUEUES } from "~/queue/queues.server";

/** Commerce jobs; each is idempotent on its order. */
export function processCommerce(job: JobInput, provider: PaymentProvider = paymentProvider()) {
  return processorFor(QUEUES.commerce, {
    "fulfil-order": async ({ orderId }) => {
      // The money is owed onward (ledger), then the order goes to its cooperative for shipping.
      // Both steps are idempotent, so a job killed between them is simply run again.
      const posted = await postOrderPaid(orderId);
      const { count } = await db().order.updateMany({ where: { id: orderId, fulfilledAt: null }, data: { fulfilledAt: new Date() } });
      return { posted, fulfilled: count };
    },
    "order-refunded": async ({ orderId, refundedFen }) => {
      // A refund can arrive before the sale's job ran: post the sale first.
      await postOrderPaid(orderId);
      return { posted: await postOrderRefunded(orderId, BigInt(refundedFen)) };
    },
    "refund-late-payment": async ({ orderId }) => {
      // Paid after its order expired, with the stock gone: the money is owed back (ledger), then
      // the provider refunds it; its charge.refunded event closes the order.
      const posted = await postOrderPaid(orderId);
      const refund = await refundLatePayment(orderId, provider);
      return { posted, refundId: refund?.id ?? null };
    },
    "expire-orders": async () => ({ expired: await expireOverdueOrders(provider) }),
  })(job);
}
