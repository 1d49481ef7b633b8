import { Prisma } from "@prisma/client";
import { db } from "~/db/client.server";
import { logger } from "~/utils/logger.server";
import { DEFAULT_RULE, lineMoney, type ShareRule } from "~/money/revenue-share";
import { releaseOrder } from "./payments.server";
import type { PaymentProvider } from "./payment-provider";
import { paymentProvider } from "./provider.server";
import { Refused } from "~/utils/refused";

// Cart and checkout. Stock is reserved, by conditional updates, in the transaction that records
// the order; the checkout session is created after it with an idempotency key derived from the
// order, so a retried request never opens a second session or reserves twice.

export const CHECKOUT_MINUTES = 30; // Stripe's shortest session lifetime
export const MAX_LINE_QUANTITY = 20;

export type CheckoutRefusal = "empty_cart" | "sold_out" | "not_on_sale" | "idempotency_conflict" | "product_not_found" | "order_not_found" | "order_not_failed";

/** A refusal naming the product it is about, in both languages (the page picks one). */
export class CheckoutRefused extends Refused<CheckoutRefusal> {
  constructor(reason: CheckoutRefusal, productName?: { zh: string; en: string }) {
    super(reason, productName ? { productZh: productName.zh, productEn: productName.en } : {});
  }
}

export async function setCartQuantity(userId: string, productId: string, quantity: number) {
  if (quantity <= 0) {
    await db().cartItem.deleteMany({ where: { userId, productId } });
    return;
  }
  const capped = Math.min(quantity, MAX_LINE_QUANTITY);
  if (!(await db().product.count({ where: { id: productId } }))) throw new CheckoutRefused("product_not_found");
  await db().cartItem.upsert({ where: { userId_productId: { userId, productId } }, update: { quantity: capped }, create: { userId, productId, quantity: capped } });
}

/**
 * Adds to a line in one statement (two tabs adding at once both count), capped per line. Added from
 * the buyer's own plot page (`plotCode`), the line remembers the plot when it is theirs and in the
 * product's project (land to table); any other code is ignored, never an error that tells whose it is.
 */
export async function addToCart(userId: string, productId: string, quantity: number, plotCode?: string) {
  const added = await db().$executeRaw`
    INSERT INTO "CartItem" ("userId", "productId", quantity, "plotId")
    SELECT ${userId}, p.id, LEAST(${quantity}::int, ${MAX_LINE_QUANTITY}::int),
      (SELECT pl.id FROM "Plot" pl WHERE pl.code = ${plotCode ?? null} AND pl."holderId" = ${userId} AND pl."projectId" = p."projectId")
    FROM "Product" p WHERE p.id = ${productId}
    ON CONFLICT ("userId", "productId") DO UPDATE SET quantity = LEAST("CartItem".quantity + EXCLUDED.quantity, ${MAX_LINE_QUANTITY}::int),
      "plotId" = COALESCE(EXCLUDED."plotId", "CartItem"."plotId")`;
  if (added === 0) throw new CheckoutRefused("product_not_found");
}

/**
 * A failed or expired order's lines back in the cart, to try again: each line at least as many as
 * the order had (so putting them back twice is the same as once), capped per line.
 */
export async function putOrderBackInCart(userId: string, orderId: string): Promise<{ lines: number }> {
  const order = await db().order.findFirst({ where: { id: orderId, userId }, select: { status: true } });
  if (!order) throw new CheckoutRefused("order_not_found");
  if (order.status !== "FAILED" && order.status !== "EXPIRED") throw new CheckoutRefused("order_not_failed");
  const lines = await db().$executeRaw`
    INSERT INTO "CartItem" ("userId", "productId", quantity, "plotId")
    SELECT ${userId}, l."productId", LEAST(sum(l.quantity)::int, ${MAX_LINE_QUANTITY}::int), max(l."plotId") FROM "OrderLine" l WHERE l."orderId" = ${orderId} GROUP BY l."productId"
    ON CONFLICT ("userId", "productId") DO UPDATE SET quantity = GREATEST("CartItem".quantity, EXCLUDED.quantity), "plotId" = COALESCE("CartItem"."plotId", EXCLUDED."plotId")`;
  return { lines };
}

export async function listCart(userId: string) {
  return db().cartItem.findMany({ where: { userId }, include: { product: true, plot: { select: { code: true } } }, orderBy: { addedAt: "asc" } });
}

function onSale(product: { saleStartsAt: Date | null; saleEndsAt: Date | null }, now: Date) {
  return (!product.saleStartsAt || product.saleStartsAt <= now) && (!product.saleEndsAt || now < product.saleEndsAt);
}

async function ruleFor(tx: Prisma.TransactionClient, productId: string, at: Date): Promise<ShareRule> {
  const rule = await tx.revenueShareRule.findFirst({
    where: { productId, effectiveFrom: { lte: at } },
    orderBy: { effectiveFrom: "desc" },
    select: { householdBp: true, ecologyBp: true, platformBp: true },
  });
  return rule ?? DEFAULT_RULE;
}

export type CheckoutStart = { orderId: string; url: string };

/**
 * Turns the cart into an order and a checkout session. The same idempotency key returns the same
 * order and session; a product that cannot cover its line refuses the whole order, reserving nothing.
 */
export async function startCheckout(
  input: { userId: string; idempotencyKey: string; items?: { productId: string; quantity: number }[]; successUrl: string; cancelUrl: string },
  provider: PaymentProvider = paymentProvider(),
): Promise<CheckoutStart> {
  const existing = await db().order.findUnique({ where: { userId_idempotencyKey: { userId: input.userId, idempotencyKey: input.idempotencyKey } } });
  const order = existing ?? (await placeOrder(input, provider.name));
  if (order.checkoutUrl) return { orderId: order.id, url: order.checkoutUrl };
  if (order.status !== "PENDING_PAYMENT") throw new CheckoutRefused("idempotency_conflict");

  const lines = await db().orderLine.findMany({ where: { orderId: order.id }, include: { product: { select: { nameZh: true, nameEn: true } } } });
  try {
    const session = await provider.createCheckoutSession({
      orderId: order.id,
      lines: lines.map((line) => ({ name: `${line.product.nameEn} · ${line.product.nameZh}`, unitAmountFen: line.unitPriceFen, quantity: line.quantity })),
      currency: order.currency,
      successUrl: `${input.successUrl.replace("{ORDER_ID}", order.id)}${input.successUrl.includes("?") ? "&" : "?"}session_id={CHECKOUT_SESSION_ID}`,
      cancelUrl: input.cancelUrl.replace("{ORDER_ID}", order.id),
      expiresAt: order.expiresAt,
      idempotencyKey: `checkout-${order.id}`,
    });
    await db().order.updateMany({ where: { id: order.id, checkoutSessionId: null }, data: { checkoutSessionId: session.id, checkoutUrl: session.url } });
    return { orderId: order.id, url: session.url };
  } catch (error) {
    // No session, no sale: give the stock back now rather than at expiry.
    logger.error({ err: error, orderId: order.id }, "checkout session could not be created");
    await releaseOrder(order.id, "FAILED");
    throw error;
  }
}

type CartLine = { productId: string; quantity: number; plotId?: string | null };

function takeCart(tx: Prisma.TransactionClient, userId: string) {
  return tx.$queryRaw<CartLine[]>`DELETE FROM "CartItem" WHERE "userId" = ${userId} RETURNING "productId", quantity, "plotId"`;
}

/** The order a checkout of this cart made a moment ago (another tab's), still waiting for payment. */
function justOrdered(tx: Prisma.TransactionClient, userId: string, now: Date) {
  return tx.order.findFirst({
    where: { userId, status: "PENDING_PAYMENT", createdAt: { gt: new Date(now.getTime() - 60_000) } },
    orderBy: { createdAt: "desc" },
  });
}

async function placeOrder(input: { userId: string; idempotencyKey: string; items?: { productId: string; quantity: number }[] }, providerName: string) {
  const now = new Date();
  try {
    return await db().$transaction(async (tx) => {
      // The cart is taken (its rows deleted) by the transaction that orders it: a second checkout
      // of the same cart, from another tab, waits for the first and finds it gone (and is answered
      // with the order the first made). Lines go in product order, the order stock is locked in.
      const items: CartLine[] = (input.items ?? (await takeCart(tx, input.userId))).toSorted((a, b) => (a.productId < b.productId ? -1 : 1));
      if (!items.length) {
        const placed = input.items ? null : await justOrdered(tx, input.userId, now);
        if (placed) return placed;
        throw new CheckoutRefused("empty_cart");
      }
      const products = await tx.product.findMany({ where: { id: { in: items.map((i) => i.productId) } } });
      const lines = [];
      for (const item of items) {
        const product = products.find((p) => p.id === item.productId);
        if (!product || !onSale(product, now)) throw new CheckoutRefused("not_on_sale", product ? { zh: product.nameZh, en: product.nameEn } : undefined);
        const reserved = await tx.$executeRaw`UPDATE "Product" SET stock = stock - ${item.quantity} WHERE id = ${product.id} AND stock >= ${item.quantity}`;
        if (reserved === 0) throw new CheckoutRefused("sold_out", { zh: product.nameZh, en: product.nameEn });
        const rule = await ruleFor(tx, product.id, now);
        const money = lineMoney(product.priceFen, product.unitCostFen, item.quantity, rule);
        lines.push({
          productId: product.id,
          quantity: item.quantity,
          unitPriceFen: product.priceFen,
          unitCostFen: product.unitCostFen,
          costFen: money.costFen,
          householdFen: money.householdFen,
          ecologyFen: money.ecologyFen,
          platformFen: money.platformFen,
          plotId: item.plotId ?? null,
          ...rule,
        });
      }
      const order = await tx.order.create({
        data: {
          userId: input.userId,
          idempotencyKey: input.idempotencyKey,
          provider: providerName,
          totalFen: lines.reduce((sum, line) => sum + line.unitPriceFen * BigInt(line.quantity), 0n),
          expiresAt: new Date(now.getTime() + CHECKOUT_MINUTES * 60_000),
          lines: { create: lines },
        },
      });
      return order;
    });
  } catch (error) {
    // The same key raced with itself: the other request placed the order.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      return db().order.findUniqueOrThrow({ where: { userId_idempotencyKey: { userId: input.userId, idempotencyKey: input.idempotencyKey } } });
    }
    throw error;
  }
}
