import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { z } from "zod";
import { requireApiUser } from "~/auth/guards.server";
import { refusalError, TEAM_REFUSALS } from "~/energy/refusals";
import { createTeam, listMyTeams, TeamRefused } from "~/redemption/teams.server";
import { apiAction, ApiError, handleApi, readJsonBody } from "~/utils/api.server";

export const loader = ({ request }: LoaderFunctionArgs) =>
  handleApi(request, async () => {
    const user = await requireApiUser(request);
    const teams = await listMyTeams(user.id);
    return json(teams.map((t) => ({ id: t.id, name: t.name, status: t.status, projectId: t.projectId, pooledGrams: t.pooledGrams, targetGrams: t.targetGrams })));
  });

const bodySchema = z.object({ projectId: z.string().min(1).max(100), name: z.string().trim().min(1).max(60) });

export const { action } = apiAction("POST", async ({ request }) => {
  const user = await requireApiUser(request);
  const body = await readJsonBody(request, bodySchema);
  try {
    const team = await createTeam(user.id, body);
    return json({ id: team.id, targetGrams: team.targetGrams, expiresAt: team.expiresAt.toISOString() }, { status: 201 });
  } catch (error) {
    if (!(error instanceof TeamRefused)) throw error;
    const { status, code, message } = refusalError(TEAM_REFUSALS, error.reason);
    throw new ApiError(status, code, message);
  }
});
