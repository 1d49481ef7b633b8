import { Link, useFetcher } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { AlarmView } from "~/alarms/alarms.server";
import { formatFen } from "~/utils/formats";
import { useDateTime } from "./time";

/**
 * What an operator must look at (payments that do not match their order or came after it expired,
 * payouts a household says it did not get), on /ops and /ops/reconciliation. Resolving posts to
 * /ops, whichever page shows the list, and stays on the page.
 */
export function AlarmList({ alarms }: { alarms: AlarmView[] }) {
  const { t, i18n } = useTranslation();
  const formatTime = useDateTime("Asia/Shanghai");
  return (
    <section aria-labelledby="alarms-title">
      <h2 id="alarms-title">{t("ops.alarmsTitle")}</h2>
      {alarms.length === 0 ? (
        <p className="muted">{t("ops.alarmsNone")}</p>
      ) : (
        <ul className="alarms">
          {alarms.map((alarm) => {
            const { detail } = alarm;
            const params = {
              ...detail,
              ...(detail.outcome ? { outcome: t(`shop.latePaymentShort.${String(detail.outcome)}`) } : {}),
              ...(detail.amountFen ? { amount: formatFen(String(detail.amountFen), i18n.language) } : {}),
              defaultValue: alarm.kind,
            };
            return (
              <li key={alarm.id} className="notice" data-testid="alarm" data-kind={alarm.kind}>
                <strong>{t(`ops.alarm.${alarm.kind}`, params)}</strong> <span className="muted">{formatTime(alarm.createdAt)}</span>{" "}
                {detail.note ? <q data-testid="alarm-note">{String(detail.note)}</q> : null}{" "}
                {alarm.orderId ? <Link to={`/orders/${alarm.orderId}`}>{t("ops.alarmOrder")}</Link> : null}
                {detail.householdId ? <Link to={`/ops/households/${String(detail.householdId)}`}>{t("ops.alarmHousehold")}</Link> : null}{" "}
                {detail.batchId ? <Link to={`/ops/payouts/${String(detail.batchId)}`}>{t("ops.alarmBatch")}</Link> : null}
                <ResolveButton alarmId={alarm.id} />
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}

function ResolveButton({ alarmId }: { alarmId: string }) {
  const { t } = useTranslation();
  const fetcher = useFetcher();
  return (
    <fetcher.Form method="post" action="/ops?index" className="inline">
      <input type="hidden" name="intent" value="resolve-alarm" />
      <input type="hidden" name="alarmId" value={alarmId} />{" "}
      <button type="submit" className="secondary" disabled={fetcher.state !== "idle"}>
        {t("ops.alarmResolve")}
      </button>
    </fetcher.Form>
  );
}
