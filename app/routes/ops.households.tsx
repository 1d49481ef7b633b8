import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireOperator } from "~/auth/guards.server";
import { db } from "~/db/client.server";
import type { RowProblem } from "~/payouts/household-rows";
import { listHouseholds } from "~/payouts/households.server";
import { Pager } from "~/components/pager";
import { pageParam } from "~/utils/input.server";
import { importHouseholdRegistry, setHouseholdWeightingOp } from "~/payouts/operations.server";
import { MAX_CSV_BYTES } from "~/utils/upload-limits";
import { intent, pageAction } from "~/utils/operation.server";
import type { PageReply } from "~/utils/page-reply";


// The message sections this page shows (besides the shared ones); checked by tests/unit/message-sections.test.ts.
export const handle = { i18n: ["csv", "friends", "households", "payouts", "reconciliation", "redemption", "statement", "stepUp", "work"] };

export const meta: MetaFunction = () => [{ title: "Households · Operations · Sapling" }];


export async function loader({ request }: LoaderFunctionArgs) {
  await requireOperator(request);
  const projects = await db().project.findMany({ orderBy: { createdAt: "asc" }, select: { id: true, nameZh: true, nameEn: true, householdWeighting: true } });
  const projectId = new URL(request.url).searchParams.get("project") ?? projects[0]?.id ?? "";
  const page = pageParam(request);
  const { households, total, pages } = projectId ? await listHouseholds(projectId, page) : { households: [], total: 0, pages: 1 };
  return json({
    projects,
    projectId,
    weighting: projects.find((p) => p.id === projectId)?.householdWeighting ?? "REGISTERED",
    total,
    page,
    pages,
    households: households.map((h) => ({
      id: h.id,
      code: h.registrationCode,
      head: h.headName,
      village: h.village,
      county: h.county,
      cooperative: h.cooperative ? { zh: h.cooperative.nameZh, en: h.cooperative.nameEn } : null,
      members: h.members,
      weight: h.weight,
      payoutMethod: h.payoutMethod,
      status: h.status,
    })),
  });
}

export const action = (args: ActionFunctionArgs) =>
  pageAction(
    args,
    {
      import: intent(importHouseholdRegistry, {
        input: async (fields, _, __, form) => {
          const file = form.get("file");
          return { projectId: fields.projectId, csv: file instanceof File ? await file.text() : "" };
        },
        done: (imported) => ({ message: "households.imported", params: { created: imported.created, updated: imported.updated, rejected: imported.rejected.length }, details: imported.rejected }),
      }),
      weighting: intent(setHouseholdWeightingOp, { done: () => ({ message: "work.weightingSaved" }) }),
    },
    { maxFileBytes: MAX_CSV_BYTES },
  );

export default function OpsHouseholds() {
  const { t, i18n } = useTranslation();
  const { projects, projectId, weighting, households, total, page, pages } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>() as PageReply | undefined;
  const result = reply?.intent === "weighting" ? undefined : reply;
  const weighted = reply?.intent === "weighting" ? reply : undefined;
  const rejected = (result?.ok ? result.details : []) as RowProblem[];
  const busy = useNavigation().state === "submitting";
  const [, setSearchParams] = useSearchParams();
  const en = i18n.language === "en";
  return (
    <section>
      <h1>{t("households.title")}</h1>
      <p className="muted">{t("households.private")}</p>
      <label>
        {t("households.project")}
        <select value={projectId} onChange={(event) => setSearchParams({ project: event.target.value })}>
          {projects.map((p) => (
            <option key={p.id} value={p.id}>
              {en ? p.nameEn : p.nameZh}
            </option>
          ))}
        </select>
      </label>
      <h2 id="weighting-title">{t("work.weightingTitle")}</h2>
      <Form method="post" className="stack" key={`${projectId}-${weighting}`} data-testid="weighting-form">
        <input type="hidden" name="intent" value="weighting" />
        <input type="hidden" name="projectId" value={projectId} />
        <div role="radiogroup" aria-labelledby="weighting-title" className="stack">
          {(["REGISTERED", "WORK"] as const).map((value) => (
            <label key={value} className="inline">
              <input type="radio" name="weighting" value={value} defaultChecked={weighting === value} /> {t(`work.weighting.${value}`)}
            </label>
          ))}
        </div>
        <button type="submit" className="secondary" disabled={busy}>
          {t("work.weightingSave")}
        </button>
        {weighted ? (
          <p className={weighted.ok ? "notice" : "form-error"} role="status">
            {weighted.ok ? t(weighted.message) : t(weighted.error, weighted.params)}
          </p>
        ) : null}
      </Form>
      <h2>{t("households.import")}</h2>
      <p className="muted">{t("households.columns")}</p>
      <Form method="post" encType="multipart/form-data" className="stack">
        <input type="hidden" name="intent" value="import" />
        <input type="hidden" name="projectId" value={projectId} />
        <input type="file" name="file" accept=".csv,text/csv" data-testid="households-file" />
        <button type="submit" disabled={busy} aria-busy={busy}>
          {busy ? t("households.importing") : t("households.importButton")}
        </button>
      </Form>
      {result ? (
        result.ok ? (
          <div role="status" data-testid="import-result">
            <p className="notice">{t(result.message, result.params)}</p>
            {rejected.length ? (
              <ul className="problems" data-testid="import-rejected">
                {rejected.map((row) => (
                  <li key={row.line}>
                    {t("households.line", { line: row.line, code: row.code })} {row.reasons.map((reason) => t(reason.key, reason.params)).join(t("csv.separator"))}
                  </li>
                ))}
              </ul>
            ) : null}
          </div>
        ) : (
          <p className="form-error" role="alert" data-testid="import-result">
            {t(result.error, result.params)}
          </p>
        )
      ) : null}
      <h2>{t("households.registry", { count: total })}</h2>
      {households.length === 0 ? (
        <p className="notice">{t("households.empty")}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th>{t("households.code")}</th>
                <th>{t("households.head")}</th>
                <th>{t("households.village")}</th>
                <th>{t("households.members")}</th>
                <th>{t("households.weight")}</th>
                <th>{t("households.payout")}</th>
                <th>{t("households.status")}</th>
              </tr>
            </thead>
            <tbody>
              {households.map((h) => (
                <tr key={h.id} data-testid="household-row">
                  <td>
                    <Link to={`/ops/households/${h.id}`} title={t("statement.open")}>
                      <code>{h.code}</code>
                    </Link>
                  </td>
                  <td>{h.head}</td>
                  <td>
                    {h.village}, {h.county}
                  </td>
                  <td>{h.members}</td>
                  <td>{h.weight}</td>
                  <td>
                    {t(`households.method.${h.payoutMethod}`)}
                    {h.cooperative ? ` · ${en ? h.cooperative.en : h.cooperative.zh}` : ""}
                  </td>
                  <td>{t(`households.statusName.${h.status}`)}</td>
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
