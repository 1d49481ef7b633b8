import { type LoaderFunctionArgs, type MetaFunction, json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { orderOfPublicReceipt, orderTrail } from "~/commerce/order-trail.server";
import { ORDER_LINES, orderView } from "~/commerce/orders.server";
import { ReceiptView } from "~/components/receipt";
import { db } from "~/db/client.server";
import { traceCodesOf } from "~/commerce/trace.server";
import { publicOrigin } from "~/utils/download.server";

// The public copy of a receipt, for anyone its buyer gives the link to: what was bought, what
// reached the households and through which payout batches; not the buyer's name, nor the address.

export const handle = { i18n: ["shop", "trace"] };

export const meta: MetaFunction = () => [{ title: "Receipt · Sapling" }, { name: "robots", content: "noindex" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const orderId = orderOfPublicReceipt(params.token!.slice(0, 80));
  const order = orderId
    ? await db().order.findUnique({ where: { id: orderId }, include: ORDER_LINES })
    : null;
  if (!order || !order.paidAt) throw new Response("Not found", { status: 404 });
  const { shipTo: _, ...view } = orderView(order);
  // A plot's code leads to its public certificate, which names its holder: the buyer.
  const shown = { ...view, lines: view.lines.map((line) => ({ ...line, plot: null })) };
  return json({ order: shown, trail: await orderTrail(order.id), traces: await traceCodesOf(publicOrigin(request), shown.lines) });
}

export default function PublicReceipt() {
  const { order, trail, traces } = useLoaderData<typeof loader>();
  return <ReceiptView order={order} trail={trail} traces={traces} />;
}
