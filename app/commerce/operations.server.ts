import { z } from "zod";
import { logger } from "~/utils/logger.server";
import { idField, wholeNumber } from "~/utils/fields";
import { operation } from "~/utils/operation.server";
import { Refused } from "~/utils/refused";
import { addToCart, CheckoutRefused, MAX_LINE_QUANTITY, setCartQuantity, startCheckout } from "./checkout.server";
import { refundOrder, RefundRefused } from "./payments.server";
import { paymentProvider } from "./provider.server";

// The cart and checkout, declared once (the cart page; product pages post their "add" to it),
// and operators' refunds.

const productId = idField();

export const addToCartOp = operation({
  name: "shop.cart-add",
  summary: "Put a product in the cart (up to 20 of each)",
  input: z.object({
    productId,
    quantity: wholeNumber("shop.errors.addQuantity", { min: 1, max: MAX_LINE_QUANTITY }),
  }),
  who: "user",
  refusals: { product_not_found: 404 },
  messages: "shop.refused",
  run: (actor, input) => addToCart(actor.id, input.productId, input.quantity),
});

export const setCartLine = operation({
  name: "shop.cart-set",
  summary: "Change how many of a product the cart holds (0 removes it)",
  input: z.object({
    productId,
    quantity: wholeNumber("shop.errors.quantity", { min: 0, max: MAX_LINE_QUANTITY }),
  }),
  who: "user",
  refusals: { product_not_found: 404 },
  messages: "shop.refused",
  run: (actor, input) => setCartQuantity(actor.id, input.productId, input.quantity),
});

export const checkout = operation({
  name: "shop.checkout",
  summary: "Turn the cart into an order and open its payment (the same key is the same order)",
  input: z.object({ idempotencyKey: z.string().trim().min(8, "errors.generic").max(100, "errors.generic"), origin: z.string().url() }),
  who: "user",
  refusals: { empty_cart: 409, sold_out: 409, not_on_sale: 409, idempotency_conflict: 409, provider: 502 },
  messages: "shop.refused",
  run: async (actor, input) => {
    try {
      return await startCheckout({ userId: actor.id, idempotencyKey: input.idempotencyKey, successUrl: `${input.origin}/orders/{ORDER_ID}`, cancelUrl: `${input.origin}/cart` });
    } catch (error) {
      if (error instanceof CheckoutRefused) throw error;
      // The payment provider failed: nothing was charged and the stock went back (startCheckout).
      logger.error({ err: error }, "checkout failed");
      throw new Refused("provider");
    }
  },
});

export const refund = operation({
  name: "ops.order-refund",
  summary: "Operators: refund what is left of a paid order (a double click is one refund)",
  input: z.object({ orderId: idField() }),
  who: "operator",
  refusals: { not_found: 404, not_paid: 409, too_much: 409, refunded_automatically: 409, provider: 502 },
  messages: "shop.refundRefused",
  run: async (actor, input) => {
    try {
      const refunded = await refundOrder(input.orderId, null, paymentProvider());
      logger.info({ orderId: input.orderId, operatorId: actor.id }, "refund requested");
      return refunded;
    } catch (error) {
      if (error instanceof RefundRefused) throw error;
      // The provider failed: nothing was refunded; the same click later uses the same key.
      logger.error({ err: error, orderId: input.orderId }, "refund failed");
      throw new Refused("provider");
    }
  },
});
