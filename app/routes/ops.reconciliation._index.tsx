import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireOperator } from "~/auth/guards.server";
import { db } from "~/db/client.server";
import { listRuns, requestReconciliation, RUNS_PER_PAGE } from "~/ledger/reconciliation.server";
import { dayText, lastDayText, readPeriod } from "~/payouts/period-form";

export const meta: MetaFunction = () => [{ title: "Reconciliation · Operations · Sapling" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireOperator(request);
  const page = Math.max(1, Number(new URL(request.url).searchParams.get("page")) || 1);
  const [projects, { runs, total }] = await Promise.all([
    db().project.findMany({ orderBy: { createdAt: "asc" }, select: { id: true, nameZh: true, nameEn: true } }),
    listRuns(page),
  ]);
  const today = dayText(new Date());
  return json({
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

export async function action({ request }: ActionFunctionArgs) {
  await requireOperator(request);
  const form = await request.formData();
  const projectId = String(form.get("project") ?? "");
  const period = readPeriod({ projectId: projectId || "all", from: String(form.get("from") ?? ""), to: String(form.get("to") ?? "") }, false);
  if (!period.ok) return json({ error: "payouts.problems.invalid" }, { status: 400 });
  const { periodStart, periodEnd } = period.input;
  const run = await requestReconciliation({ periodStart, periodEnd, projectId: projectId || null, trigger: "manual" });
  return redirect(`/ops/reconciliation/${run.id}`);
}

export default function OpsReconciliation() {
  const { t, i18n } = useTranslation();
  const { projects, defaults, runs, page, pages } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const en = i18n.language === "en";
  return (
    <section>
      <h1>{t("reconciliation.title")}</h1>
      <p className="muted">{t("reconciliation.intro")}</p>
      <Form method="post" className="stack" data-testid="reconcile-form">
        <label>
          {t("payouts.project")}
          <select name="project" defaultValue="">
            <option value="">{t("reconciliation.allProjects")}</option>
            {projects.map((p) => (
              <option key={p.id} value={p.id}>
                {en ? p.nameEn : p.nameZh}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t("payouts.from")}
          <input type="date" name="from" defaultValue={defaults.from} required />
        </label>
        <label>
          {t("payouts.to")}
          <input type="date" name="to" defaultValue={defaults.to} required />
        </label>
        <button type="submit" disabled={busy} aria-busy={busy}>
          {t("reconciliation.run")}
        </button>
      </Form>
      {result?.error ? (
        <p className="form-error" role="alert">
          {t(result.error)}
        </p>
      ) : null}
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
      {pages > 1 ? (
        <p>
          {page > 1 ? <Link to={`?page=${page - 1}`}>{t("payouts.newer")}</Link> : null} {t("payouts.page", { page, pages })}{" "}
          {page < pages ? <Link to={`?page=${page + 1}`}>{t("payouts.older")}</Link> : null}
        </p>
      ) : null}
    </section>
  );
}
