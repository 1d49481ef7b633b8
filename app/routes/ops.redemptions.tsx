import { type LoaderFunctionArgs, type MetaFunction, json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireOperator } from "~/auth/guards.server";
import { useDateTime } from "~/components/time";
import { listRecentRedemptions } from "~/redemption/redeem.server";

// The message sections this page shows (besides the shared ones); checked by tests/unit/message-sections.test.ts.
export const handle = { i18n: ["ops", "projectForm", "redemption"] };

export const meta: MetaFunction = () => [{ title: "Redemptions · Operations · Sapling" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireOperator(request);
  const cursor = new URL(request.url).searchParams.get("cursor");
  const page = await listRecentRedemptions(cursor);
  return json({
    cursor,
    nextCursor: page.nextCursor,
    rows: page.rows.map((row) => ({
      id: row.id,
      createdAt: row.createdAt.toISOString(),
      who: `${row.user.displayName} <${row.user.email}>`,
      projectName: { zh: row.project.nameZh, en: row.project.nameEn },
      quantity: row.quantity,
      grantedUnits: row.grantedUnits,
      costGrams: row.costGrams,
      status: row.status,
      certificateNumber: row.certificateNumber,
    })),
  });
}

export default function OpsRedemptions() {
  const { t, i18n } = useTranslation();
  const { rows, nextCursor, cursor } = useLoaderData<typeof loader>();
  const formatTime = useDateTime("Asia/Shanghai");
  return (
    <section>
      <h1>{t("ops.redemptionsTitle")}</h1>
      {rows.length === 0 ? (
        <p className="notice">{t("ops.empty")}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th>{t("ops.when")}</th>
                <th>{t("ops.who")}</th>
                <th>{t("ops.project")}</th>
                <th>{t("ops.quantity")}</th>
                <th>{t("ops.energy")}</th>
                <th>{t("ops.status")}</th>
                <th>{t("ops.certificate")}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.id} data-testid="redemption-row" data-status={row.status}>
                  <td>{formatTime(row.createdAt)}</td>
                  <td>{row.who}</td>
                  <td>{i18n.language === "en" ? row.projectName.en : row.projectName.zh}</td>
                  {/* The one redemption that met the end of capacity got part of what it asked for. */}
                  <td>{row.status === "SETTLED" && row.grantedUnits !== null && row.grantedUnits < row.quantity ? `${row.grantedUnits} / ${row.quantity}` : row.quantity}</td>
                  <td>{row.costGrams}</td>
                  <td>
                    <span className="badge">{t(`ops.status_.${row.status}`)}</span>
                  </td>
                  <td>
                    <code>{row.certificateNumber ?? "—"}</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <p className="pager">
        {cursor ? <Link to="/ops/redemptions">{t("ops.first")}</Link> : null}
        {nextCursor ? <Link to={`/ops/redemptions?cursor=${nextCursor}`}>{t("ops.next")}</Link> : null}
      </p>
    </section>
  );
}
