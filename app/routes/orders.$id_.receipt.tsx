import { type LoaderFunctionArgs, type MetaFunction, json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireUser } from "~/auth/guards.server";
import { deliveryLine } from "~/commerce/delivery";
import { findOrder, orderView } from "~/commerce/orders.server";
import { useDateTime } from "~/components/time";
import { db } from "~/db/client.server";
import { formatFen } from "~/utils/formats";

// A receipt to print or keep: what was bought, for how much, when it was paid, where it goes and
// how much of it reaches the villages. Only for a paid order, and only for its buyer or an operator.

export const handle = { i18n: ["shop"] };

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.order.name.en ?? "Receipt"} · Receipt · Sapling` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const order = await findOrder(params.id!, user);
  if (!order || !order.paidAt) throw new Response("Not found", { status: 404 });
  const buyer = await db().user.findUniqueOrThrow({ where: { id: order.userId }, select: { displayName: true } });
  return json({ order: orderView(order), buyer: buyer.displayName });
}

export default function Receipt() {
  const { t, i18n } = useTranslation();
  const { order, buyer } = useLoaderData<typeof loader>();
  const en = i18n.language === "en";
  const formatTime = useDateTime("Asia/Shanghai");
  const money = (fen: string) => formatFen(fen, i18n.language);
  return (
    <section className="receipt stack" data-testid="receipt">
      <p className="no-print row">
        <Link to={`/orders/${order.id}`}>← {en ? order.name.en : order.name.zh}</Link>{" "}
        <button type="button" className="secondary" onClick={() => window.print()}>
          {t("shop.receiptPage.print")}
        </button>
      </p>
      <h1>{t("shop.receiptPage.title")}</h1>
      <dl className="receipt-facts">
        <dt>{t("shop.receiptPage.number")}</dt>
        <dd>
          <code>{order.id}</code>
        </dd>
        <dt>{t("shop.receiptPage.paid")}</dt>
        <dd>{formatTime(order.paidAt!)}</dd>
        <dt>{t("shop.receiptPage.buyer")}</dt>
        <dd>{buyer}</dd>
      </dl>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th>{t("shop.receiptPage.product")}</th>
              <th>{t("shop.quantity")}</th>
              <th>{t("shop.receiptPage.unitPrice")}</th>
              <th>{t("shop.receiptPage.amount")}</th>
            </tr>
          </thead>
          <tbody>
            {order.lines.map((line) => (
              <tr key={line.id}>
                <td>{en ? line.name.en : line.name.zh}</td>
                <td>{line.quantity}</td>
                <td>{money(line.unitPriceFen)}</td>
                <td>{money(line.totalFen)}</td>
              </tr>
            ))}
            <tr className="total">
              <td colSpan={3}>{t("shop.receiptPage.total")}</td>
              <td data-testid="receipt-total">{money(order.totalFen)}</td>
            </tr>
            {order.refundedFen !== "0" ? (
              <tr>
                <td colSpan={3}>{t("shop.receiptPage.refunded")}</td>
                <td>−{money(order.refundedFen)}</td>
              </tr>
            ) : null}
          </tbody>
        </table>
      </div>
      <p data-testid="receipt-households">{t("shop.receiptPage.households", { amount: money(order.money.householdFen) })}</p>
      {order.shipTo ? (
        <p>
          <strong>{t("shop.shipTo")}:</strong> {order.shipTo.name} · {order.shipTo.phone} · {deliveryLine(order.shipTo)}
        </p>
      ) : null}
      {order.provider === "sandbox" ? <p className="muted">{t("shop.sandbox.note")}</p> : null}
    </section>
  );
}
