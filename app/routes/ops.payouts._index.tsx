import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, json, redirect } from "@remix-run/node";
import { pageParam } from "~/utils/input.server";
import { intent, pageAction } from "~/utils/operation.server";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireOperator } from "~/auth/guards.server";
import { formatFen } from "~/utils/formats";
import { PeriodFields, ProjectSelect } from "~/components/period-fields";
import { Pager } from "~/components/pager";
import { db } from "~/db/client.server";
import { BATCHES_PER_PAGE, listBatches, previewBatch } from "~/payouts/batches.server";
import { buildPayoutBatch } from "~/payouts/operations.server";
import { dayText, lastDayText } from "~/payouts/china-days";
import { BATCH_PAYEES, readPeriod, type PeriodInput } from "~/payouts/period-form";

// The message sections this page shows (besides the shared ones); checked by tests/unit/message-sections.test.ts.
export const handle = { i18n: ["area", "csv", "evidence", "friends", "households", "payouts", "reconciliation", "redemption", "stepUp", "work"] };

export const meta: MetaFunction = () => [{ title: "Payouts · Operations · Sapling" }];

const fieldsOf = (source: URLSearchParams | FormData): PeriodInput => ({
  projectId: String(source.get("project") ?? ""),
  from: String(source.get("from") ?? ""),
  to: String(source.get("to") ?? ""),
  minimum: String(source.get("minimum") ?? ""),
});

/** Whom the batch pays, from the form (households unless it says cooperatives). */
const payeesOf = (params: URLSearchParams) => BATCH_PAYEES.find((kind) => kind === params.get("payees")) ?? "HOUSEHOLDS";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireOperator(request);
  const params = new URL(request.url).searchParams;
  const payees = payeesOf(params);
  const page = pageParam(request);
  const projects = await db().project.findMany({ orderBy: { createdAt: "asc" }, select: { id: true, nameZh: true, nameEn: true } });
  const today = dayText(new Date());
  const fields = { ...fieldsOf(params), projectId: params.get("project") ?? projects[0]?.id ?? "" };
  const defaults = { ...fields, from: fields.from || `${today.slice(0, 8)}01`, to: fields.to || today, minimum: fields.minimum || "10" };
  const period = params.has("from") ? readPeriod(fields, "batch") : null;
  const plan = period?.ok ? await previewBatch({ ...period.input, kind: payees, projectId: period.input.projectId! }) : null;
  const { batches, total } = await listBatches(page);
  return json({
    projects,
    defaults: { ...defaults, payees },
    problems: period && !period.ok ? period.problems : {},
    preview: plan && {
      payFen: String(plan.payFen),
      payCount: plan.payCount,
      heldFen: String(plan.heldFen),
      heldCount: plan.heldCount,
      payees: plan.payees.map((p) => ({ key: p.payableKey, kind: p.kind, code: p.code, nameEn: p.nameEn ?? null, unassigned: p.payeeId === null, village: p.village, method: p.method, carriedFen: String(p.carriedFen), periodFen: String(p.periodFen), owedFen: String(p.owedFen), held: p.held })),
    },
    batches: batches.map((b) => ({
      id: b.id,
      kind: b.kind,
      expense: b.payouts[0]?.expense?.description ?? null,
      project: { zh: b.project.nameZh, en: b.project.nameEn },
      from: dayText(b.periodStart),
      to: lastDayText(b.periodEnd),
      status: b.status,
      payouts: b._count.payouts,
      totalFen: String(b.totalFen),
      builtBy: b.builtBy.displayName,
    })),
    page,
    pages: Math.max(1, Math.ceil(total / BATCHES_PER_PAGE)),
  });
}

export const action = (args: ActionFunctionArgs) =>
  pageAction(args, { build: intent(buildPayoutBatch, { done: (built) => redirect(`/ops/payouts/${built.batchId}`) }) });

export default function OpsPayouts() {
  const { t, i18n } = useTranslation();
  const { projects, defaults, problems, preview, batches, page, pages } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const building = navigation.state === "submitting" && navigation.formMethod === "POST";
  const previewing = navigation.state === "loading" && navigation.location?.search.includes("from=");
  const en = i18n.language === "en";
  const money = (fen: string) => formatFen(fen, i18n.language);
  const problem = (field: string) => (problems as Record<string, string>)[field];
  const payees = (count: number) => t(`payouts.count.${defaults.payees}`, { count });
  const households = defaults.payees === "HOUSEHOLDS";
  return (
    <section>
      <h1>{t("payouts.title")}</h1>
      <p className="muted">{t("payouts.intro")}</p>
      <h2>{t("payouts.newBatch")}</h2>
      <Form method="get" className="stack" data-testid="batch-form">
        <ProjectSelect projects={projects} defaultValue={defaults.projectId} />
        <label>
          {t("payouts.payeesKind")}
          <select name="payees" defaultValue={defaults.payees}>
            {BATCH_PAYEES.map((kind) => (
              <option key={kind} value={kind}>
                {t(`payouts.kind.${kind}`)}
              </option>
            ))}
          </select>
        </label>
        <PeriodFields defaults={defaults} problems={problems} />
        <label>
          {t("payouts.minimum")}
          <input name="minimum" inputMode="decimal" defaultValue={defaults.minimum} required aria-invalid={Boolean(problem("minimum"))} />
          {problem("minimum") ? <span className="field-error">{t(problem("minimum")!)}</span> : null}
        </label>
        <button type="submit" className="secondary" disabled={previewing} aria-busy={previewing}>
          {previewing ? t("payouts.previewing") : t("payouts.preview")}
        </button>
      </Form>
      {preview ? (
        <div data-testid="batch-preview">
          <h3>{t("payouts.dryRun")}</h3>
          {preview.payees.length === 0 ? (
            <p className="notice" role="status">
              {t("payouts.nobodyOwed")}
            </p>
          ) : (
            <div className="table-wrap">
              <p role="status">
                {t("payouts.previewTotals", { pay: money(preview.payFen), payees: payees(preview.payCount), held: money(preview.heldFen), heldPayees: payees(preview.heldCount) })}
              </p>
              <table>
                <thead>
                  <tr>
                    <th>{t("payouts.payee")}</th>
                    {households ? <th>{t("households.village")}</th> : null}
                    <th>{t("households.payout")}</th>
                    <th>{t("payouts.carried")}</th>
                    <th>{t("payouts.inPeriod")}</th>
                    <th>{t("payouts.owed")}</th>
                    <th>{t("payouts.outcome")}</th>
                  </tr>
                </thead>
                <tbody>
                  {preview.payees.map((p) => (
                    <tr key={p.key} data-testid="preview-row">
                      <td>{p.unassigned ? t("payouts.noCooperative") : p.kind === "household" ? <code>{p.code}</code> : en && p.nameEn ? p.nameEn : p.code}</td>
                      {households ? <td>{p.village}</td> : null}
                      <td>{t(`households.method.${p.method}`)}</td>
                      <td>{money(p.carriedFen)}</td>
                      <td>{money(p.periodFen)}</td>
                      <td>{money(p.owedFen)}</td>
                      <td>{p.held ? t(`payouts.held.${p.held}`) : t("payouts.willPay")}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {preview.payCount > 0 ? (
            <Form method="post">
              <input type="hidden" name="intent" value="build" />
              <input type="hidden" name="project" value={defaults.projectId} />
              <input type="hidden" name="payees" value={defaults.payees} />
              <input type="hidden" name="from" value={defaults.from} />
              <input type="hidden" name="to" value={defaults.to} />
              <input type="hidden" name="minimum" value={defaults.minimum} />
              <p className="muted">{t("payouts.buildExplained")}</p>
              <button type="submit" disabled={building} aria-busy={building}>
                {building ? t("payouts.building") : t("payouts.build", { payees: payees(preview.payCount), total: money(preview.payFen) })}
              </button>
            </Form>
          ) : null}
        </div>
      ) : null}
      {result && !result.ok ? (
        <p className="form-error" role="alert">
          {t(result.error, result.params)}
        </p>
      ) : null}
      <h2>{t("payouts.batches")}</h2>
      {batches.length === 0 ? (
        <p className="notice">{t("payouts.noBatches")}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th>{t("payouts.project")}</th>
                <th>{t("payouts.pays")}</th>
                <th>{t("payouts.period")}</th>
                <th>{t("payouts.payees")}</th>
                <th>{t("payouts.total")}</th>
                <th>{t("payouts.builtBy")}</th>
                <th>{t("payouts.status")}</th>
              </tr>
            </thead>
            <tbody>
              {batches.map((b) => (
                <tr key={b.id} data-testid="batch-row">
                  <td>{en ? b.project.en : b.project.zh}</td>
                  <td>{t(`payouts.kind.${b.kind}`)}</td>
                  <td>
                    <Link to={`/ops/payouts/${b.id}`}>{b.expense ?? `${b.from} – ${b.to}`}</Link>
                  </td>
                  <td>{b.payouts}</td>
                  <td>{money(b.totalFen)}</td>
                  <td>{b.builtBy}</td>
                  <td>
                    <span className="badge">{t(`payouts.batchStatus.${b.status}`)}</span>
                  </td>
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
