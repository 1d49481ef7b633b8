import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireOperator } from "~/auth/guards.server";

export const meta: MetaFunction = () => [{ title: "Operations · Sapling" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireOperator(request);
  return null;
}

export default function OpsHome() {
  const { t } = useTranslation();
  return (
    <section>
      <h1>{t("nav.ops")}</h1>
      <ul>
        <li>
          <Link to="/ops/projects">{t("ops.projectsTitle")}</Link>
        </li>
        <li>
          <Link to="/ops/households">{t("ops.householdsTitle")}</Link>
        </li>
        <li>
          <Link to="/ops/payouts">{t("payouts.title")}</Link>
        </li>
        <li>
          <Link to="/ops/reconciliation">{t("reconciliation.title")}</Link>
        </li>
        <li>
          <Link to="/ops/products">{t("ops.productsTitle")}</Link>
        </li>
        <li>
          <Link to="/ops/orders">{t("ops.ordersTitle")}</Link>
        </li>
        <li>
          <Link to="/ops/redemptions">{t("ops.redemptionsTitle")}</Link>
        </li>
        <li>
          <Link to="/ops/energy">{t("ops.energyTitle")}</Link>
        </li>
        <li>
          <Link to="/ops/partners">{t("ops.partnersTitle")}</Link>
        </li>
        <li>
          <a href="/ops/queues">{t("ops.queuesTitle")}</a>
        </li>
      </ul>
    </section>
  );
}
