import { z } from "zod";
import { idField } from "~/utils/fields";
import { operation } from "~/utils/operation.server";
import { putOrderBackInCart } from "./checkout.server";
import { shipLine } from "./shipping.server";

// What can be done to an order after checkout, from its page (and /api/v1): the buyer puts a
// failed one back in the cart, an operator ships its lines. Apart from the shop's other commands
// so the order page carries only the messages it shows.

export const tryOrderAgain = operation({
  name: "shop.order-again",
  summary: "Put a failed or expired order's products back in the cart, to check out again",
  input: z.object({ orderId: idField() }),
  who: "user",
  refusals: { order_not_found: 404, order_not_failed: 409 },
  messages: "shop.refused",
  run: (actor, input) => putOrderBackInCart(actor.id, input.orderId),
});

export const shipOrderLine = operation({
  name: "ops.order-ship",
  summary: "Operators: mark an order line shipped with its carrier and tracking number (once; the buyer is told)",
  input: z.object({
    lineId: idField(),
    carrier: z.string().trim().min(1, "shop.ship.errors.carrier").max(40, "shop.ship.errors.carrier"),
    tracking: z.string().trim().max(40, "shop.ship.errors.tracking").regex(/^[A-Za-z0-9-]{6,40}$/, "shop.ship.errors.tracking"),
  }),
  who: "operator",
  refusals: { not_found: 404, not_paid: 409, already_shipped: 409 },
  messages: "shop.ship.refused",
  run: (actor, input) => shipLine(actor.id, input),
});
