import { z } from "zod";
import { auditAlone } from "~/audit/audit.server";
import { STEP_UP_REFUSALS, stepUp } from "~/auth/totp.server";
import { totpField } from "~/auth/totp-field";
import { db } from "~/db/client.server";
import { logger } from "~/utils/logger.server";
import { idField, wholeNumber } from "~/utils/fields";
import { Refused } from "~/utils/refused";
import { addToCart, CheckoutRefused, MAX_LINE_QUANTITY, setCartQuantity, startCheckout } from "./checkout.server";
import { checkedPhotos } from "~/evidence/photo-upload.server";
import { FIELDS, operation } from "~/utils/operation.server";
import { refundOrder, RefundRefused } from "./payments.server";
import { productSchema } from "./product-form";
import { saveProduct } from "./products.server";
import { addShareRule, shareRuleSchema } from "./share-rules.server";
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
    // Added from the buyer's own plot page: the order line records the plot.
    plotCode: z.string().trim().toUpperCase().max(23, "errors.generic").optional(),
  }),
  who: "user",
  refusals: { product_not_found: 404 },
  messages: "shop.refused",
  run: (actor, input) => addToCart(actor.id, input.productId, input.quantity, input.plotCode || undefined),
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
  input: z.object({ idempotencyKey: z.string().trim().min(8, "errors.generic").max(100, "errors.generic"), origin: z.string().max(300).url() }),
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
  input: z.object({ orderId: idField(), totp: totpField }),
  who: "operator",
  refusals: { not_found: 404, not_paid: 409, too_much: 409, refunded_automatically: 409, provider: 502, ...STEP_UP_REFUSALS },
  messages: "shop.refundRefused",
  run: async (actor, input) => {
    await stepUp(actor, input.totp);
    try {
      const refunded = await refundOrder(input.orderId, null, paymentProvider());
      logger.info({ orderId: input.orderId, operatorId: actor.id }, "refund requested");
      // The decision's only write here: the ledger moves when the provider's refund event arrives.
      // Written once the provider took the refund, so no event stands for one that did not happen.
      await auditAlone({ actorId: actor.id, action: "order_refund", subject: input.orderId, details: { refundId: refunded.id } });
      return refunded;
    } catch (error) {
      if (error instanceof RefundRefused) throw error;
      // The provider failed: nothing was refunded; the same click later uses the same key.
      logger.error({ err: error, orderId: input.orderId }, "refund failed");
      throw new Refused("provider");
    }
  },
});

/** The product's id from the page ("new" for a product not yet created). */
const productPage = z.object({ id: idField() });

export const saveProductOp = operation({
  name: "ops.product-save",
  summary: "Operators: create or edit a product, with its photos and stock",
  input: productSchema.and(productPage.extend({ photos: z.array(z.instanceof(File)).default([]) })),
  who: "operator",
  refusals: { problems: 422, [FIELDS]: 409, product_not_found: 404 },
  messages: "productForm.refused",
  run: async (actor, { id, photos, ...input }) => {
    const isNew = id === "new";
    const saved = await saveProduct(isNew ? null : id, input, await checkedPhotos(photos), actor.id);
    if (!saved) throw new Refused("product_not_found");
    if (!saved.ok) {
      if (saved.problems?.length) throw new Refused("problems", {}, saved.problems);
      throw new Refused(FIELDS, {}, saved.fieldErrors);
    }
    return { id: saved.id, created: isNew };
  },
});

export const addShareRuleOp = operation({
  name: "ops.share-rule-add",
  summary: "Operators: set how a product's surplus is split (basis points adding to 10,000), from a date on",
  input: shareRuleSchema.and(productPage),
  who: "operator",
  refusals: { product_not_found: 404 },
  messages: "productForm.refused",
  run: async (actor, { id, ...rule }) => {
    if (!(await db().product.count({ where: { id } }))) throw new Refused("product_not_found");
    return addShareRule(id, rule, actor.id);
  },
});
