import { json } from "@remix-run/node";
import { z } from "zod";
import { requireApiUser } from "~/auth/guards.server";
import { refusalError, TEAM_REFUSALS } from "~/energy/refusals";
import { contribute, joinTeam, leaveTeam, TeamRefused } from "~/redemption/teams.server";
import { apiAction, ApiError, readJsonBody } from "~/utils/api.server";

// POST /api/v1/teams/:id/join, /leave, /contributions { grams }
export const { loader, action } = apiAction("POST", async ({ request, params }) => {
  const user = await requireApiUser(request);
  const teamId = params.id!;
  try {
    if (params.command === "join") {
      await joinTeam(user.id, teamId);
      return json({ joined: true });
    }
    if (params.command === "leave") return json(await leaveTeam(user.id, teamId));
    if (params.command === "contributions") {
      const { grams } = await readJsonBody(request, z.object({ grams: z.number().int() }));
      return json(await contribute(user.id, teamId, grams), { status: 201 });
    }
  } catch (error) {
    if (!(error instanceof TeamRefused)) throw error;
    const { status, code, message } = refusalError(TEAM_REFUSALS, error.reason);
    throw new ApiError(status, code, message);
  }
  throw new ApiError(404, "not_found", "Use /join, /leave or /contributions");
});
