import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { randomUUID } from "node:crypto";
import { useTranslation } from "react-i18next";
import { requireUser } from "~/auth/guards.server";
import { listCart } from "~/commerce/checkout.server";
import { addToCartOp, checkout, setCartLine } from "~/commerce/operations.server";
import { formatFen } from "~/utils/formats";
import { intent, pageAction } from "~/utils/operation.server";

// The message sections this page shows (besides the shared ones); checked by tests/unit/message-sections.test.ts.
export const handle = { i18n: ["area", "evidence", "friends", "productForm", "reconciliation", "redemption", "shareRule", "shop", "stepUp"] };

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
      plot: item.plot?.code ?? null,
    })),
    totalFen: items.reduce((sum, item) => sum + item.product.priceFen * BigInt(item.quantity), 0n).toString(),
    // A fresh key per page: a double-clicked checkout is still one order.
    idempotencyKey: randomUUID(),
  });
}

export const action = (args: ActionFunctionArgs) =>
  pageAction(args, {
    add: intent(addToCartOp, { done: () => redirect("/cart") }),
    set: intent(setCartLine, { done: () => redirect("/cart") }),
    checkout: intent(checkout, {
      input: (fields, _, request) => ({ idempotencyKey: fields.idempotencyKey, origin: new URL(request.url).origin }),
      done: ({ url }) => redirect(url),
    }),
  });

export default function Cart() {
  const { t, i18n } = useTranslation();
  const { items, totalFen, idempotencyKey } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const en = i18n.language === "en";
  return (
    <section>
      <h1>{t("shop.cart")}</h1>
      {result && !result.ok ? (
        <p className="form-error" role="alert" data-testid="cart-error">
          {t(result.error, { product: (en ? result.params?.productEn : result.params?.productZh) ?? "" })}
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
                {item.plot ? (
                  <span className="muted" data-testid="cart-plot">
                    {" "}
                    · {t("shop.fromPlotLine", { code: item.plot })}
                  </span>
                ) : null}
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
