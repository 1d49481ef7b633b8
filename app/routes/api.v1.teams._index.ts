import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { requireApiUser } from "~/auth/guards.server";
import { startTeam } from "~/redemption/operations.server";
import { listMyTeams } from "~/redemption/teams.server";
import { handleApi } from "~/utils/api.server";
import { apiOperation } from "~/utils/operation.server";

export const loader = ({ request }: LoaderFunctionArgs) =>
  handleApi(request, async () => {
    const user = await requireApiUser(request);
    const teams = await listMyTeams(user.id);
    return json(teams.map((t) => ({ id: t.id, name: t.name, status: t.status, projectId: t.projectId, pooledGrams: t.pooledGrams, targetGrams: t.targetGrams })));
  });

export const { action } = apiOperation("POST", startTeam, {
  body: true,
  answer: (team) => json({ id: team.id, targetGrams: team.targetGrams, expiresAt: team.expiresAt.toISOString() }, { status: 201 }),
});
