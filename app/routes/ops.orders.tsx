import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, json } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { ConfirmButton } from "~/components/confirm-button";
import { useTranslation } from "react-i18next";
import { requireOperator } from "~/auth/guards.server";
import { listRecentOrders } from "~/commerce/orders.server";
import { refund } from "~/commerce/operations.server";
import { intent, pageAction } from "~/utils/operation.server";
import { formatFen } from "~/utils/formats";
import { useDateTime } from "~/components/time";

// The message sections this page shows (besides the shared ones); checked by tests/unit/message-sections.test.ts.
export const handle = { i18n: ["area", "evidence", "friends", "ops", "productForm", "projects", "reconciliation", "redemption", "shareRule", "shop", "stepUp"] };

export const meta: MetaFunction = () => [{ title: "Orders · Operations · Sapling" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireOperator(request);
  const { rows, nextCursor } = await listRecentOrders(new URL(request.url).searchParams.get("after"));
  return json({
    orders: rows.map((o) => ({
      id: o.id,
      status: o.status,
      buyer: o.user.displayName,
      totalFen: o.totalFen.toString(),
      refundedFen: o.refundedFen.toString(),
      createdAt: o.createdAt.toISOString(),
      latePayment: o.latePayment,
      // A payment refunded automatically (it came after the order expired and the stock was gone) is not refunded again by hand.
      refundable: (o.status === "PAID" || o.status === "PARTIALLY_REFUNDED") && o.paymentIntentId !== null && o.latePayment !== "REFUNDED",
    })),
    nextCursor,
  });
}

export const action = (args: ActionFunctionArgs) => pageAction(args, { refund: intent(refund, { done: () => ({ message: "shop.refundRequested" }) }) });

function RefundButton({ orderId, amount }: { orderId: string; amount: string }) {
  const { t } = useTranslation();
  return <ConfirmButton className="secondary" label={t("shop.refund")} question={t("shop.refundConfirm", { amount })} yes={t("shop.refundYes")} fields={{ intent: "refund", orderId }} totp />;
}

export default function OpsOrders() {
  const { t, i18n } = useTranslation();
  const { orders, nextCursor } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const formatTime = useDateTime("Asia/Shanghai");
  return (
    <section>
      <h1>{t("shop.opsOrders")}</h1>
      {result ? (
        <p className={result.ok ? "notice" : "form-error"} role="status" data-testid="refund-result">
          {result.ok ? t(result.message) : t(result.error, result.params)}
        </p>
      ) : null}
      {orders.length === 0 ? (
        <p className="notice">{t("shop.noOrders")}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <tbody>
              {orders.map((order) => (
                <tr key={order.id} data-testid="ops-order-row">
                  <td>{formatTime(order.createdAt)}</td>
                  <td>
                    <Link to={`/orders/${order.id}`}>{order.buyer}</Link>
                  </td>
                  <td>{formatFen(order.totalFen, i18n.language)}</td>
                  <td>
                    <span className="badge">{t(`shop.status.${order.status}`)}</span>
                    {order.latePayment ? <span className="badge warn">{t(`shop.latePaymentShort.${order.latePayment}`)}</span> : null}
                  </td>
                  <td>{order.refundable ? <RefundButton orderId={order.id} amount={formatFen((BigInt(order.totalFen) - BigInt(order.refundedFen)).toString(), i18n.language)} /> : null}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {nextCursor ? <Link to={`?after=${nextCursor}`}>{t("ops.next")}</Link> : null}
    </section>
  );
}
