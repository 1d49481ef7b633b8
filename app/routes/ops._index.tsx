import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, json } from "@remix-run/node";
import { readForm } from "~/utils/input.server";
import { Link, useLoaderData } from "@remix-run/react";
import { openAlarms, resolveAlarm } from "~/alarms/alarms.server";
import { AlarmList } from "~/components/alarm-list";
import { useTranslation } from "react-i18next";
import { requireOperator } from "~/auth/guards.server";
import { useDateTime } from "~/components/time";
import { schedulerStates, type SchedulerState } from "~/queue/schedulers.server";
import { db } from "~/db/client.server";
import { logger } from "~/utils/logger.server";
import { lastInvariantReport, type InvariantReport } from "~/ledger/invariants.server";

// The message sections this page shows (besides the shared ones); checked by tests/unit/message-sections.test.ts.
export const handle = { i18n: ["ops", "reconciliation", "redemption", "shop", "stepUp"] };

export const meta: MetaFunction = () => [{ title: "Operations · Sapling" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const operator = await requireOperator(request);
  const me = await db().user.findUniqueOrThrow({ where: { id: operator.id }, select: { totpEnabledAt: true } });
  // The queue store may be down while the database is up: say so instead of failing the page.
  const schedulers: SchedulerState[] | null = await schedulerStates().catch((error) => {
    logger.warn({ err: error }, "job schedulers could not be read");
    return null;
  });
  const [alarms, invariants] = await Promise.all([openAlarms(), lastInvariantReport()]);
  return json({ schedulers, alarms, invariants, twoStepOn: !!me.totpEnabledAt });
}

export async function action({ request }: ActionFunctionArgs) {
  const operator = await requireOperator(request);
  const form = await readForm(request);
  if (form.get("intent") !== "resolve-alarm") return json({ ok: false }, { status: 400 });
  await resolveAlarm(String(form.get("alarmId") ?? ""), operator.id);
  return json({ ok: true });
}

/** The last scheduled check of the ledgers' invariants: when, and what (if anything) was broken. */
function Invariants({ report }: { report: InvariantReport | null }) {
  const { t } = useTranslation();
  const formatTime = useDateTime("Asia/Shanghai");
  return (
    <section aria-labelledby="invariants-title">
      <h2 id="invariants-title">{t("ops.invariants.title")}</h2>
      {report === null ? (
        <p className="muted" data-testid="invariants" data-ok="unknown">
          {t("ops.invariants.notYet")}
        </p>
      ) : report.ok ? (
        <p className="notice" data-testid="invariants" data-ok="true">
          {t("ops.invariants.ok", { time: formatTime(report.at) })}
        </p>
      ) : (
        <div className="notice alarm-box" role="alert" data-testid="invariants" data-ok="false">
          <p>
            <strong>{t("ops.invariants.broken", { time: formatTime(report.at) })}</strong>
          </p>
          <ul>
            {!report.energy.conserved ? <li>{t("ops.invariants.energyNotConserved")}</li> : null}
            {report.energy.balanceMismatches + report.energy.ballMismatches > 0 ? (
              <li>{t("ops.invariants.energyMismatches", { balances: report.energy.balanceMismatches, balls: report.energy.ballMismatches })}</li>
            ) : null}
            {report.money.unbalanced > 0 ? <li>{t("ops.invariants.moneyUnbalanced", { count: report.money.unbalanced, examples: report.money.examples.join(", ") })}</li> : null}
            {report.tallies.drifted > 0 ? <li>{t("ops.invariants.talliesDrifted", { count: report.tallies.drifted, examples: report.tallies.examples.join(", ") })}</li> : null}
            {/* Reports kept before this check existed have no payables part. */}
            {report.payables?.mismatched ? (
              <li>{t("ops.invariants.payablesMismatched", { count: report.payables.mismatched, examples: report.payables.examples.join(", ") })}</li>
            ) : null}
          </ul>
        </div>
      )}
    </section>
  );
}

function Schedulers({ schedulers }: { schedulers: SchedulerState[] | null }) {
  const { t } = useTranslation();
  const formatTime = useDateTime("Asia/Shanghai");
  return (
    <section aria-labelledby="schedulers-title">
      <h2 id="schedulers-title">{t("ops.schedulersTitle")}</h2>
      {schedulers === null ? (
        <p className="notice" role="alert">
          {t("ops.schedulersUnreachable")}
        </p>
      ) : (
        <table>
          <tbody>
            {schedulers.map((s) => (
              <tr key={s.key} data-testid="scheduler" data-present={s.present}>
                <td>{t(`ops.scheduler.${s.key}`, { defaultValue: s.key })}</td>
                <td>
                  {s.every >= 3_600_000
                    ? t("ops.schedulerEveryHours", { count: s.every / 3_600_000 })
                    : s.every >= 60_000
                      ? t("ops.schedulerEveryMinutes", { count: s.every / 60_000 })
                      : t("ops.schedulerEvery", { seconds: s.every / 1000 })}
                </td>
                <td>
                  {s.present ? (
                    s.next ? t("ops.schedulerNext", { time: formatTime(s.next) }) : t("ops.schedulerPresent")
                  ) : (
                    <span className="badge bad">{t("ops.schedulerMissing")}</span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

export default function OpsHome() {
  const { t } = useTranslation();
  const { schedulers, alarms, invariants, twoStepOn } = useLoaderData<typeof loader>();
  return (
    <section>
      <h1>{t("nav.ops")}</h1>
      {twoStepOn ? null : (
        <p className="notice" data-testid="set-up-two-step">
          {t("stepUp.setUpFirst")} <Link to="/me/security">{t("stepUp.setUp")}</Link>
        </p>
      )}
      <AlarmList alarms={alarms} />
      <Invariants report={invariants} />
      <Schedulers schedulers={schedulers} />
    </section>
  );
}
