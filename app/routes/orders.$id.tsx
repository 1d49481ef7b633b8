import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useAutoRefresh } from "~/components/auto-refresh";
import { useTranslation } from "react-i18next";
import { requireUser } from "~/auth/guards.server";
import { findOrder, orderView } from "~/commerce/orders.server";
import { orderTrail } from "~/commerce/order-trail.server";
import { traceCodesOf } from "~/commerce/trace.server";
import { TraceCodes } from "~/components/trace-codes";
import { publicOrigin } from "~/utils/download.server";
import { OrderTrail } from "~/components/order-trail";
import { fulfilFromSession } from "~/commerce/payments.server";
import { paymentProvider } from "~/commerce/provider.server";
import { formatFen } from "~/utils/formats";
import { MoneySplit } from "~/components/shop";
import { shipOrderLine, tryOrderAgain } from "~/commerce/order-operations.server";
import { deliveryLine } from "~/commerce/delivery";
import { useDateTime } from "~/components/time";
import { useOptionalUser } from "~/root";
import { intent, pageAction } from "~/utils/operation.server";

// The message sections this page shows (besides the shared ones); checked by tests/unit/message-sections.test.ts.
export const handle = { i18n: ["area", "evidence", "reconciliation", "redemption", "shop", "trace"] };

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.order.name.en ?? "Order"} · Sapling` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  let order = await findOrder(params.id!, user);
  if (!order) throw new Response("Not found", { status: 404 });
  // Back from checkout: ask the provider now rather than wait for the webhook (both are idempotent).
  const sessionId = new URL(request.url).searchParams.get("session_id");
  if (sessionId && sessionId === order.checkoutSessionId && (order.status === "PENDING_PAYMENT" || order.status === "PROCESSING")) {
    await fulfilFromSession(sessionId, paymentProvider());
    order = (await findOrder(params.id!, user))!;
  }
  // Once paid, where the households' share went (payout batches), as its public receipt shows it.
  const view = orderView(order);
  return json({ order: view, trail: order.paidAt ? await orderTrail(order.id) : null, traces: await traceCodesOf(publicOrigin(request), view.lines) });
}

export const action = (args: ActionFunctionArgs) =>
  pageAction(args, {
    again: intent(tryOrderAgain, { input: (_, params) => ({ orderId: params.id }), done: () => redirect("/cart") }),
    ship: intent(shipOrderLine, { done: () => ({ message: "shop.ship.done" }) }),
  });

const WAITING = ["PENDING_PAYMENT", "PROCESSING"];
const NOT_PAID = ["FAILED", "EXPIRED"];
// The couriers most parcels in China go by, offered as the operator types (any other may be typed).
const CARRIERS = ["顺丰速运 SF Express", "中国邮政 EMS", "京东物流 JD Logistics", "中通快递 ZTO", "圆通速递 YTO", "韵达快递 Yunda", "申通快递 STO"];

export default function OrderPage() {
  const { t, i18n } = useTranslation();
  const { order, trail, traces } = useLoaderData<typeof loader>();
  const refused = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const notPaid = NOT_PAID.includes(order.status);
  const operator = useOptionalUser()?.role === "OPERATOR";
  const formatTime = useDateTime("Asia/Shanghai");
  const told = refused?.intent === "ship" ? refused : null;
  const en = i18n.language === "en";
  const waiting = WAITING.includes(order.status);
  useAutoRefresh(waiting);
  return (
    <section>
      <p className="muted">
        <Link to="/orders">← {t("shop.orders")}</Link>
      </p>
      <h1>
        <span data-testid="order-name">{en ? order.name.en : order.name.zh}</span>{" "}
        <span className="badge" data-testid="order-status" data-status={order.status}>
          {t(`shop.status.${order.status}`)}
        </span>
      </h1>
      {waiting ? (
        <p className="notice" role="status">
          <span className="spinner" /> {t("shop.waitingForPayment")} {order.checkoutUrl ? <a href={order.checkoutUrl}>{t("shop.backToCheckout")}</a> : null}
        </p>
      ) : null}
      {notPaid ? (
        <div className="notice stack" data-testid="not-paid">
          <p>{t(`shop.notPaid.${order.status}`)}</p>
          {refused && !refused.ok && refused.intent === "again" ? (
            <p className="field-error" role="alert">
              {t(refused.error, { ...refused.params })}
            </p>
          ) : null}
          <Form method="post" className="row">
            <button type="submit" name="intent" value="again" disabled={busy}>
              {t("shop.tryAgain")}
            </button>
            <Link to="/cart" className="button secondary">
              {t("shop.backToCart")}
            </Link>
          </Form>
        </div>
      ) : null}
      {order.latePayment ? (
        <p className="notice" data-testid="late-payment">
          {t(`shop.latePayment.${order.latePayment}`)}
        </p>
      ) : null}
      {told ? (
        <p className={told.ok ? "notice" : "form-error"} role="status" data-testid="ship-result">
          {told.ok ? t(told.message) : t(told.error, { ...told.params })}
        </p>
      ) : null}
      <ul className="order-lines plain">
        {order.lines.map((line) => (
          <li key={line.id} data-testid="order-line">
            <Link to={`/shop/${line.slug}`}>{en ? line.name.en : line.name.zh}</Link> × {line.quantity} · {formatFen(line.totalFen, i18n.language)}
            {line.plot ? (
              <>
                <br />
                <Link to={`/plots/${line.plot}`} data-testid="line-plot">
                  {t(operator ? "shop.fromBuyersPlot" : "shop.fromPlotLine", { code: line.plot })}
                </Link>
              </>
            ) : null}
            {order.shippable || line.shipped ? (
              <>
                <br />
                <span className="muted" data-testid="line-shipping">
                  {line.shipped ? t("shop.shipped", { time: formatTime(line.shipped.at), carrier: line.shipped.carrier, tracking: line.shipped.tracking }) : t("shop.notShipped")}
                </span>
              </>
            ) : null}
            {operator && order.shippable && !line.shipped ? (
              <Form method="post" className="ship-form row">
                <input type="hidden" name="intent" value="ship" />
                <input type="hidden" name="lineId" value={line.id} />
                <label>
                  {t("shop.ship.carrier")}
                  <input name="carrier" list="carriers" maxLength={40} required />
                </label>
                <label>
                  {t("shop.ship.tracking")}
                  <input name="tracking" maxLength={40} required pattern="[A-Za-z0-9-]{6,40}" />
                </label>
                <button type="submit" disabled={busy}>
                  {t("shop.ship.submit")}
                </button>
              </Form>
            ) : null}
          </li>
        ))}
      </ul>
      {operator ? (
        <datalist id="carriers">
          {CARRIERS.map((carrier) => (
            <option key={carrier} value={carrier} />
          ))}
        </datalist>
      ) : null}
      {order.shipTo ? (
        <div className="stack" data-testid="ship-to">
          <h2>{t("shop.shipTo")}</h2>
          <p>
            {order.shipTo.name} · {order.shipTo.phone}
            <br />
            {deliveryLine(order.shipTo)}
          </p>
        </div>
      ) : null}
      <TraceCodes traces={traces} />
      {order.shippable ? (
        <p>
          <Link to={`/orders/${order.id}/receipt`} data-testid="receipt-link">
            {t("shop.receipt")}
          </Link>
        </p>
      ) : null}
      <p>
        <strong>{t("shop.total", { amount: formatFen(order.totalFen, i18n.language) })}</strong>
        {order.refundedFen !== "0" ? <span className="muted"> · {t("shop.refunded", { amount: formatFen(order.refundedFen, i18n.language) })}</span> : null}
      </p>
      {order.latePayment === "REFUNDED" || notPaid ? null : (
        <>
          <h2>{t("shop.whereMoneyGoes")}</h2>
          <p className="muted">{t("shop.whereMoneyGoesBody")}</p>
          <MoneySplit money={order.money} />
          {trail ? <OrderTrail trail={trail} /> : null}
        </>
      )}
      {order.provider === "sandbox" ? <p className="muted">{t("shop.sandbox.note")}</p> : null}
    </section>
  );
}
