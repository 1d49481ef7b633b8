import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { deliveryLine } from "~/commerce/delivery";
import type { orderView } from "~/commerce/orders.server";
import type { OrderTrail as Trail } from "~/commerce/order-trail.server";
import { useDateTime } from "~/components/time";
import { formatFen } from "~/utils/formats";
import { OrderTrail } from "./order-trail";
import { TraceCodes } from "./trace-codes";

type Order = ReturnType<typeof orderView>;
/** As the loader's JSON gives it. */
type Shown = Omit<Order, "shipTo"> & { shipTo?: Order["shipTo"] };

/**
 * A receipt: what was bought, for how much, when it was paid, how much reaches the villages and
 * how it got there. Its buyer sees their name and address on it; the public receipt has neither.
 */
export function ReceiptView({ order, buyer, trail, traces, publicLink }: { order: Shown; buyer?: string; trail: Trail; traces: { code: string; url: string; qr: string }[]; publicLink?: string }) {
  const { t, i18n } = useTranslation();
  const en = i18n.language === "en";
  const formatTime = useDateTime("Asia/Shanghai");
  const money = (fen: string) => formatFen(fen, i18n.language);
  return (
    <section className="receipt stack" data-testid="receipt">
      <p className="no-print row">
        {buyer ? <Link to={`/orders/${order.id}`}>← {en ? order.name.en : order.name.zh}</Link> : null}{" "}
        <button type="button" className="secondary" onClick={() => window.print()}>
          {t("shop.receiptPage.print")}
        </button>
      </p>
      <h1>{t(buyer ? "shop.receiptPage.title" : "shop.receiptPage.publicTitle")}</h1>
      <dl className="receipt-facts">
        <dt>{t("shop.receiptPage.number")}</dt>
        <dd>
          <code>{order.id}</code>
        </dd>
        <dt>{t("shop.receiptPage.paid")}</dt>
        <dd>{formatTime(order.paidAt!)}</dd>
        {buyer ? (
          <>
            <dt>{t("shop.receiptPage.buyer")}</dt>
            <dd>{buyer}</dd>
          </>
        ) : null}
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
      <TraceCodes traces={traces} />
      <OrderTrail trail={trail} />
      {publicLink ? (
        <p className="no-print">
          {t("shop.trail.publicLink")} <a href={publicLink} data-testid="public-receipt-link">{publicLink}</a>
        </p>
      ) : null}
      {order.shipTo ? (
        <p>
          <strong>{t("shop.shipTo")}:</strong> {order.shipTo.name} · {order.shipTo.phone} · {deliveryLine(order.shipTo)}
        </p>
      ) : null}
      {order.provider === "sandbox" ? <p className="muted">{t("shop.sandbox.note")}</p> : null}
    </section>
  );
}
