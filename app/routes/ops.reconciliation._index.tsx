import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, json, redirect } from "@remix-run/node";
import { pageParam } from "~/utils/input.server";
import { intent, pageAction } from "~/utils/operation.server";
import { fieldProblems } from "~/utils/page-reply";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireOperator } from "~/auth/guards.server";
import { PeriodFields, ProjectSelect } from "~/components/period-fields";
import { Pager } from "~/components/pager";
import { db } from "~/db/client.server";
import { reconcile } from "~/ledger/operations.server";
import { listRuns, RUNS_PER_PAGE } from "~/ledger/reconciliation.server";
import { dayText, lastDayText } from "~/payouts/china-days";
import { openAlarms } from "~/alarms/alarms.server";
import { AlarmList } from "~/components/alarm-list";

// The message sections this page shows (besides the shared ones); checked by tests/unit/message-sections.test.ts.
export const handle = { i18n: ["friends", "ops", "payouts", "reconciliation", "redemption", "shop"] };

export const meta: MetaFunction = () => [{ title: "Reconciliation · Operations · Sapling" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireOperator(request);
  const page = pageParam(request);
  const [projects, { runs, total }, alarms] = await Promise.all([
    db().project.findMany({ orderBy: { createdAt: "asc" }, select: { id: true, nameZh: true, nameEn: true } }),
    listRuns(page),
    openAlarms(),
  ]);
  const today = dayText(new Date());
  return json({
    alarms,
    projects,
    defaults: { from: `${today.slice(0, 8)}01`, to: today },
    runs: runs.map((r) => ({
      id: r.id,
      from: dayText(r.periodStart),
      to: lastDayText(r.periodEnd),
      project: r.project ? { zh: r.project.nameZh, en: r.project.nameEn } : null,
      trigger: r.trigger,
      status: r.status,
      matched: r.matched,
      differences: r.differences,
      startedAt: r.startedAt.toISOString(),
    })),
    page,
    pages: Math.max(1, Math.ceil(total / RUNS_PER_PAGE)),
  });
}

export const action = (args: ActionFunctionArgs) =>
  pageAction(args, { reconcile: intent(reconcile, { done: (run) => redirect(`/ops/reconciliation/${run.id}`) }) });

export default function OpsReconciliation() {
  const { t, i18n } = useTranslation();
  const { alarms, projects, defaults, runs, page, pages } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const en = i18n.language === "en";
  return (
    <section>
      <h1>{t("reconciliation.title")}</h1>
      <p className="muted">{t("reconciliation.intro")}</p>
      <AlarmList alarms={alarms} />
      <Form method="post" className="stack" data-testid="reconcile-form">
        <ProjectSelect projects={projects} defaultValue="" allLabel={t("reconciliation.allProjects")} />
        <input type="hidden" name="intent" value="reconcile" />
        <PeriodFields defaults={defaults} problems={fieldProblems(result)} />
        {result && !result.ok && !result.fieldErrors ? (
          <p className="form-error" role="alert">
            {t(result.error, result.params)}
          </p>
        ) : null}
        <button type="submit" disabled={busy} aria-busy={busy}>
          {t("reconciliation.run")}
        </button>
      </Form>
      <h2>{t("reconciliation.runs")}</h2>
      {runs.length === 0 ? (
        <p className="notice">{t("reconciliation.noRuns")}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th>{t("payouts.period")}</th>
                <th>{t("payouts.project")}</th>
                <th>{t("reconciliation.trigger")}</th>
                <th>{t("payouts.status")}</th>
                <th>{t("reconciliation.matched")}</th>
                <th>{t("reconciliation.differences")}</th>
              </tr>
            </thead>
            <tbody>
              {runs.map((r) => (
                <tr key={r.id} data-testid="run-row">
                  <td>
                    <Link to={`/ops/reconciliation/${r.id}`}>
                      {r.from} – {r.to}
                    </Link>
                  </td>
                  <td>{r.project ? (en ? r.project.en : r.project.zh) : t("reconciliation.allProjects")}</td>
                  <td>{t(`reconciliation.triggerName.${r.trigger}`)}</td>
                  <td>{t(`reconciliation.status.${r.status}`)}</td>
                  <td>{r.matched}</td>
                  <td>{r.differences ? <span className="badge bad">{r.differences}</span> : r.status === "DONE" ? "0" : ""}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager page={page} pages={pages} />
    </section>
  );
}
