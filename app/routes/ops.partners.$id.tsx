import { type LoaderFunctionArgs, type MetaFunction, json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireOperator } from "~/auth/guards.server";
import { useDateTime } from "~/components/time";
import { db } from "~/db/client.server";
import { listPartnerActions } from "~/energy/partners.server";

// The message sections this page shows (besides the shared ones); checked by tests/unit/message-sections.test.ts.
export const handle = { i18n: ["ops"] };

export const meta: MetaFunction = () => [{ title: "Partner actions · Operations · Sapling" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireOperator(request);
  const partner = await db().partner.findUnique({ where: { id: params.id! }, select: { id: true, name: true } });
  if (!partner) throw new Response("Not found", { status: 404 });
  const cursor = new URL(request.url).searchParams.get("cursor");
  return json({ partner, cursor, ...(await listPartnerActions(partner.id, cursor)) });
}

export default function PartnerActions() {
  const { t } = useTranslation();
  const { partner, actions, nextCursor, cursor } = useLoaderData<typeof loader>();
  const formatTime = useDateTime("Asia/Shanghai");
  return (
    <section>
      <p>
        <Link to="/ops/partners">{t("ops.partnersTitle")}</Link>
      </p>
      <h1>
        {partner.name} <code>{partner.id}</code>
      </h1>
      {actions.length === 0 ? (
        <p className="notice">{t("ops.noActions")}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th>{t("ops.when")}</th>
                <th>{t("ops.actionId")}</th>
                <th>{t("ops.actionType")}</th>
                <th>{t("ops.status")}</th>
                <th>{t("ops.reason")}</th>
                <th>{t("ops.energy")}</th>
              </tr>
            </thead>
            <tbody>
              {actions.map((a) => (
                <tr key={a.id} data-testid="partner-action" data-status={a.status}>
                  <td>{formatTime(a.createdAt)}</td>
                  <td>
                    <code>{a.externalId}</code>
                  </td>
                  <td>{a.actionType}</td>
                  <td>
                    <span className={a.status === "ACCEPTED" ? "badge" : "badge warn"}>{t(`ops.actionStatus.${a.status}`)}</span>
                  </td>
                  <td>{a.reason ?? "—"}</td>
                  <td>{a.grams}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <p className="pager">
        {cursor ? <Link to=".">{t("ops.first")}</Link> : null}
        {nextCursor ? <Link to={`?cursor=${nextCursor}`}>{t("ops.next")}</Link> : null}
      </p>
    </section>
  );
}
