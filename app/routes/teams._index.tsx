import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireUser } from "~/auth/guards.server";
import { useGrams } from "~/components/grams";
import { db } from "~/db/client.server";
import { startTeam } from "~/redemption/operations.server";
import { listMyTeams } from "~/redemption/teams.server";
import { intent, pageAction } from "~/utils/operation.server";

// The message sections this page shows (besides the shared ones); checked by tests/unit/message-sections.test.ts.
export const handle = { i18n: ["forest", "friends", "projectForm", "projects", "reconciliation", "redemption", "teams"] };

export const meta: MetaFunction = () => [{ title: "Plant together · Sapling" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const [teams, projects] = await Promise.all([
    listMyTeams(user.id),
    db().project.findMany({ orderBy: { createdAt: "asc" }, select: { id: true, slug: true, nameZh: true, nameEn: true, unitCostGrams: true } }),
  ]);
  return json({
    teams: teams.map((t) => ({ id: t.id, name: t.name, status: t.status, pooledGrams: t.pooledGrams, targetGrams: t.targetGrams, project: t.project })),
    projects,
  });
}

export const action = (args: ActionFunctionArgs) =>
  pageAction(args, {
    create: intent(startTeam, { done: (team) => redirect(`/teams/${team.id}`) }),
  });

export default function Teams() {
  const { t, i18n } = useTranslation();
  const { teams, projects } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const [search] = useSearchParams();
  const grams = useGrams();
  const english = i18n.language === "en";
  return (
    <section>
      <h1>{t("teams.title")}</h1>
      <p className="muted">{t("teams.explain")}</p>
      {teams.length === 0 ? (
        <p className="notice">{t("teams.empty")}</p>
      ) : (
        <ul className="plain">
          {teams.map((team) => (
            <li key={team.id} data-testid="team">
              <Link to={`/teams/${team.id}`}>{team.name}</Link> · {english ? team.project.nameEn : team.project.nameZh} ·{" "}
              {grams(team.pooledGrams)} / {grams(team.targetGrams)} <span className="badge">{t(`teams.status.${team.status}`)}</span>
            </li>
          ))}
        </ul>
      )}
      <h2>{t("teams.create")}</h2>
      {result && !result.ok ? (
        <p className="field-error" role="alert">
          {t(result.error)}
        </p>
      ) : null}
      <Form method="post" className="stack">
        <input type="hidden" name="intent" value="create" />
        <label>
          {t("teams.name")}
          <input name="name" required maxLength={60} />
        </label>
        <label>
          {t("teams.project")}
          <select name="projectId" defaultValue={projects.find((p) => p.slug === search.get("project"))?.id}>
            {projects.map((p) => (
              <option key={p.id} value={p.id}>
                {english ? p.nameEn : p.nameZh} ({grams(p.unitCostGrams)})
              </option>
            ))}
          </select>
        </label>
        <button type="submit" disabled={busy}>
          {t("teams.createSubmit")}
        </button>
      </Form>
    </section>
  );
}
