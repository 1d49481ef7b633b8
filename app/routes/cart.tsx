import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { readForm } from "~/utils/input.server";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { randomUUID } from "node:crypto";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { requireUser } from "~/auth/guards.server";
import { addToCart, CheckoutRefused, listCart, MAX_LINE_QUANTITY, setCartQuantity, startCheckout } from "~/commerce/checkout.server";
import { formatFen } from "~/components/area";
import { logger } from "~/utils/logger.server";

export const meta: MetaFunction = () => [{ title: "Cart · Sapling" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const items = await listCart(user.id);
  return json({
    items: items.map((item) => ({
      productId: item.productId,
      slug: item.product.slug,
      name: { zh: item.product.nameZh, en: item.product.nameEn },
      quantity: item.quantity,
      stock: item.product.stock,
      lineFen: (item.product.priceFen * BigInt(item.quantity)).toString(),
    })),
    totalFen: items.reduce((sum, item) => sum + item.product.priceFen * BigInt(item.quantity), 0n).toString(),
    // A fresh key per page: a double-clicked checkout is still one order.
    idempotencyKey: randomUUID(),
  });
}

const lineSchema = z.object({ productId: z.string().min(1), quantity: z.coerce.number().int().min(0).max(MAX_LINE_QUANTITY) });

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const form = await readForm(request);
  const intent = form.get("intent");
  if (intent === "add" || intent === "set") {
    const parsed = lineSchema.safeParse(Object.fromEntries(form));
    if (!parsed.success) return json<CartError>({ error: "shop.errors.quantity", product: null }, { status: 400 });
    if (intent === "add") await addToCart(user.id, parsed.data.productId, Math.max(1, parsed.data.quantity));
    else await setCartQuantity(user.id, parsed.data.productId, parsed.data.quantity);
    return redirect("/cart");
  }
  if (intent === "checkout") {
    const origin = new URL(request.url).origin;
    try {
      const { url } = await startCheckout({
        userId: user.id,
        idempotencyKey: String(form.get("idempotencyKey") ?? randomUUID()),
        successUrl: `${origin}/orders/{ORDER_ID}`,
        cancelUrl: `${origin}/cart`,
      });
      return redirect(url);
    } catch (error) {
      if (error instanceof CheckoutRefused) return json<CartError>({ error: `shop.refused.${error.reason}`, product: error.productName ?? null }, { status: 409 });
      logger.error({ err: error }, "checkout failed");
      return json<CartError>({ error: "shop.refused.provider", product: null }, { status: 502 });
    }
  }
  return json<CartError>({ error: "shop.errors.quantity", product: null }, { status: 400 });
}

type CartError = { error: string; product: { zh: string; en: string } | null };

export default function Cart() {
  const { t, i18n } = useTranslation();
  const { items, totalFen, idempotencyKey } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const en = i18n.language === "en";
  return (
    <section>
      <h1>{t("shop.cart")}</h1>
      {result ? (
        <p className="form-error" role="alert" data-testid="cart-error">
          {t(result.error, { product: result.product ? (en ? result.product.en : result.product.zh) : "" })}
        </p>
      ) : null}
      {items.length === 0 ? (
        <p className="notice">
          {t("shop.emptyCart")} <Link to="/shop">{t("shop.title")}</Link>
        </p>
      ) : (
        <>
          <ul className="cart">
            {items.map((item) => (
              <li key={item.productId} data-testid="cart-item">
                <Link to={`/shop/${item.slug}`}>{en ? item.name.en : item.name.zh}</Link> · {formatFen(item.lineFen, i18n.language)}
                <Form method="post" className="row inline">
                  <input type="hidden" name="intent" value="set" />
                  <input type="hidden" name="productId" value={item.productId} />
                  <input name="quantity" type="number" min={0} max={20} defaultValue={item.quantity} aria-label={t("shop.quantity")} />
                  <button type="submit" className="secondary">
                    {t("shop.update")}
                  </button>
                </Form>
              </li>
            ))}
          </ul>
          <p>
            <strong data-testid="cart-total">{t("shop.total", { amount: formatFen(totalFen, i18n.language) })}</strong>
          </p>
          <Form method="post">
            <input type="hidden" name="intent" value="checkout" />
            <input type="hidden" name="idempotencyKey" value={idempotencyKey} />
            <button type="submit" disabled={busy} aria-busy={busy}>
              {busy ? t("shop.checkingOut") : t("shop.checkout")}
            </button>
          </Form>
        </>
      )}
    </section>
  );
}
