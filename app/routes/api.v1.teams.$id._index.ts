import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { requireApiUser } from "~/auth/guards.server";
import { getTeam } from "~/redemption/teams.server";
import { ApiError, handleApi, methodNotAllowed } from "~/utils/api.server";

export const loader = ({ request, params }: LoaderFunctionArgs) =>
  handleApi(request, async () => {
    await requireApiUser(request);
    const team = await getTeam(params.id!);
    if (!team) throw new ApiError(404, "team_not_found", "No such team");
    return json(team);
  });

export const action = () => methodNotAllowed(["GET"]);
