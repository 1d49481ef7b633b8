import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, json, redirect } from "@remix-run/node";
import { formFields, readForm } from "~/utils/input.server";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireUser } from "~/auth/guards.server";
import { formatFen } from "~/utils/formats";
import { completeSandboxCheckout } from "~/commerce/sandbox-provider.server";
import { db } from "~/db/client.server";
import { deliverySchema } from "~/commerce/delivery";
import { DeliveryFields } from "~/components/delivery-fields";

// The message sections this page shows (besides the shared ones); checked by tests/unit/message-sections.test.ts.
export const handle = { i18n: ["area", "evidence", "shop"] };

export const meta: MetaFunction = () => [{ title: "Sandbox checkout · Sapling" }];

// The sandbox's stand-in for Stripe's checkout page: no card, no money, two buttons.
async function sessionForBuyer(request: Request, id: string) {
  const user = await requireUser(request);
  const session = await db().sandboxCheckoutSession.findUnique({
    where: { id },
  });
  const order = session
    ? await db().order.findFirst({
        where: { id: session.orderId, userId: user.id },
        include: { lines: { include: { product: true } } },
      })
    : null;
  if (!session || !order) throw new Response("Not found", { status: 404 });
  return { session, order };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { session, order } = await sessionForBuyer(request, params.id!);
  return json({
    session: {
      id: session.id,
      status: session.status,
      amountFen: session.amountFen.toString(),
      expiresAt: session.expiresAt.toISOString(),
    },
    order: {
      id: order.id,
      lines: order.lines.map((l) => ({
        id: l.id,
        name: { zh: l.product.nameZh, en: l.product.nameEn },
        quantity: l.quantity,
        totalFen: (l.unitPriceFen * BigInt(l.quantity)).toString(),
      })),
    },
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { session, order } = await sessionForBuyer(request, params.id!);
  const fields = formFields(await readForm(request));
  if (fields.outcome === "cancel") return redirect("/cart");
  // Where to send it, asked as Stripe Checkout asks (shipping address and phone).
  const delivery = deliverySchema.safeParse(fields);
  if (!delivery.success)
    return json(
      {
        fieldErrors: delivery.error.flatten().fieldErrors as Record<string, string[]>,
        values: fields,
      },
      { status: 422 }
    );
  await completeSandboxCheckout(session.id, fields.outcome === "fail" ? "fail" : "pay", delivery.data);
  return redirect(`/orders/${order.id}?session_id=${session.id}`);
}

export default function SandboxCheckout() {
  const { t, i18n } = useTranslation();
  const { session, order } = useLoaderData<typeof loader>();
  const refused = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const en = i18n.language === "en";
  return (
    <section>
      <p className="sandbox-banner" role="note" data-testid="sandbox-banner">
        {t("shop.sandbox.banner")}
      </p>
      <h1>{t("shop.sandbox.title")}</h1>
      <ul>
        {order.lines.map((line) => (
          <li key={line.id}>
            {en ? line.name.en : line.name.zh} × {line.quantity} · {formatFen(line.totalFen, i18n.language)}
          </li>
        ))}
      </ul>
      <p>
        <strong>
          {t("shop.total", {
            amount: formatFen(session.amountFen, i18n.language),
          })}
        </strong>
      </p>
      {session.status !== "open" ? (
        <p className="notice">{t("shop.sandbox.closed")}</p>
      ) : (
        <Form method="post" className="stack" noValidate>
          <DeliveryFields errors={refused?.fieldErrors ?? {}} values={refused?.values ?? {}} />
          <div className="row">
            <button type="submit" name="outcome" value="pay" disabled={busy}>
              {t("shop.sandbox.pay")}
            </button>
            <button type="submit" name="outcome" value="fail" className="secondary" disabled={busy}>
              {t("shop.sandbox.fail")}
            </button>
            <button type="submit" name="outcome" value="cancel" className="secondary" disabled={busy}>
              {t("shop.sandbox.cancel")}
            </button>
          </div>
        </Form>
      )}
    </section>
  );
}
