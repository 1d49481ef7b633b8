import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, json } from "@remix-run/node";
import { inputProblemOf, readForm } from "~/utils/input.server";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireOperator } from "~/auth/guards.server";
import { db } from "~/db/client.server";
import { importHouseholds, listHouseholds } from "~/payouts/households.server";
import { say } from "~/utils/message";

// The message sections this page shows (besides the shared ones); checked by tests/unit/message-sections.test.ts.
export const handle = { i18n: ["csv", "forest", "households", "statement"] };

export const meta: MetaFunction = () => [{ title: "Households · Operations · Sapling" }];

const MAX_CSV_BYTES = 5_000_000;

export async function loader({ request }: LoaderFunctionArgs) {
  await requireOperator(request);
  const projects = await db().project.findMany({ orderBy: { createdAt: "asc" }, select: { id: true, nameZh: true, nameEn: true } });
  const projectId = new URL(request.url).searchParams.get("project") ?? projects[0]?.id ?? "";
  const households = projectId ? await listHouseholds(projectId) : [];
  return json({
    projects,
    projectId,
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

export async function action({ request }: ActionFunctionArgs) {
  await requireOperator(request);
  let form: FormData;
  try {
    form = await readForm(request, { maxFileBytes: MAX_CSV_BYTES });
  } catch (error) {
    if (inputProblemOf(error)?.status !== 413) throw error;
    return json({ ok: false as const, fileProblem: say("csv.tooLarge", { max: MAX_CSV_BYTES / 1_000_000 }) }, { status: 413 });
  }
  const projectId = String(form.get("projectId") ?? "");
  const file = form.get("file");
  if (!(file instanceof File) || file.size === 0) return json({ ok: false as const, fileProblem: say("csv.chooseFile") }, { status: 400 });
  const result = await importHouseholds(projectId, await file.text());
  return json(result, { status: result.ok ? 200 : 400 });
}

export default function OpsHouseholds() {
  const { t, i18n } = useTranslation();
  const { projects, projectId, households } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
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
      <h2>{t("households.import")}</h2>
      <p className="muted">{t("households.columns")}</p>
      <Form method="post" encType="multipart/form-data" className="stack">
        <input type="hidden" name="projectId" value={projectId} />
        <input type="file" name="file" accept=".csv,text/csv" data-testid="households-file" />
        <button type="submit" disabled={busy} aria-busy={busy}>
          {busy ? t("households.importing") : t("households.importButton")}
        </button>
      </Form>
      {result ? (
        result.ok ? (
          <div role="status" data-testid="import-result">
            <p className="notice">{t("households.imported", { created: result.created, updated: result.updated, rejected: result.rejected.length })}</p>
            {result.rejected.length ? (
              <ul className="problems" data-testid="import-rejected">
                {result.rejected.map((row) => (
                  <li key={row.line}>
                    {t("households.line", { line: row.line, code: row.code })} {row.reasons.map((reason) => t(reason.key, reason.params)).join(t("csv.separator"))}
                  </li>
                ))}
              </ul>
            ) : null}
          </div>
        ) : (
          <p className="form-error" role="alert" data-testid="import-result">
            {t(result.fileProblem.key, result.fileProblem.params)}
          </p>
        )
      ) : null}
      <h2>{t("households.registry", { count: households.length })}</h2>
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
    </section>
  );
}
