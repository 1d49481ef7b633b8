import { type LoaderFunctionArgs, type MetaFunction, json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requireUser } from "~/auth/guards.server";
import { orderTrail, publicReceiptToken } from "~/commerce/order-trail.server";
import { findOrder, orderView } from "~/commerce/orders.server";
import { traceCodesOf } from "~/commerce/trace.server";
import { ReceiptView } from "~/components/receipt";
import { db } from "~/db/client.server";
import { publicOrigin } from "~/utils/download.server";

// A receipt to print or keep (components/receipt.tsx), with a link to its public copy, which has
// neither the buyer's name nor the address. Only for a paid order, and only for its buyer or an operator.

export const handle = { i18n: ["shop", "trace"] };

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.order.name.en ?? "Receipt"} · Receipt · Sapling` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const order = await findOrder(params.id!, user);
  if (!order || !order.paidAt) throw new Response("Not found", { status: 404 });
  const [buyer, trail] = await Promise.all([db().user.findUniqueOrThrow({ where: { id: order.userId }, select: { displayName: true } }), orderTrail(order.id)]);
  const view = orderView(order);
  const origin = publicOrigin(request);
  return json({ order: view, buyer: buyer.displayName, trail, traces: await traceCodesOf(origin, view.lines), publicLink: `${origin}/receipts/${publicReceiptToken(order.id)}` });
}

export default function Receipt() {
  const { order, buyer, trail, traces, publicLink } = useLoaderData<typeof loader>();
  return <ReceiptView order={order} buyer={buyer} trail={trail} traces={traces} publicLink={publicLink} />;
}
