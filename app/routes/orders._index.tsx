import { type LoaderFunctionArgs, type MetaFunction, json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireUser } from "~/auth/guards.server";
import { orderName } from "~/commerce/order-name";
import { listOrders } from "~/commerce/orders.server";
import { formatFen } from "~/utils/formats";
import { useDateTime } from "~/components/time";

// The message sections this page shows (besides the shared ones); checked by tests/unit/message-sections.test.ts.
export const handle = { i18n: ["area", "evidence", "shop"] };

export const meta: MetaFunction = () => [{ title: "My orders · Sapling" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const orders = await listOrders(user.id);
  return json({
    orders: orders.map((o) => ({ id: o.id, name: orderName(o.lines), status: o.status, totalFen: o.totalFen.toString(), createdAt: o.createdAt.toISOString(), items: o.lines.reduce((n, l) => n + l.quantity, 0) })),
  });
}

export default function Orders() {
  const { t, i18n } = useTranslation();
  const { orders } = useLoaderData<typeof loader>();
  const formatTime = useDateTime("Asia/Shanghai");
  return (
    <section>
      <h1>{t("shop.orders")}</h1>
      {orders.length === 0 ? (
        <p className="notice">
          {t("shop.noOrders")} <Link to="/shop">{t("shop.title")}</Link>
        </p>
      ) : (
        <ul className="feed">
          {orders.map((order) => (
            <li key={order.id} data-testid="order-row">
              <Link to={`/orders/${order.id}`}>{i18n.language === "en" ? order.name.en : order.name.zh}</Link>{" "}
              <span className="badge">{t(`shop.status.${order.status}`)}</span>
              <br />
              <span className="muted">
                {formatTime(order.createdAt)} · {t("shop.itemCount", { count: order.items })} · {formatFen(order.totalFen, i18n.language)}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
