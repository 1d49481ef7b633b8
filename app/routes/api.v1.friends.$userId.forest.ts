import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { requireApiUser } from "~/auth/guards.server";
import { ForestAccessRefused, getFriendForest } from "~/energy/forest.server";
import { ApiError, handleApi, methodNotAllowed } from "~/utils/api.server";

export const loader = ({ request, params }: LoaderFunctionArgs) =>
  handleApi(request, async () => {
    const user = await requireApiUser(request);
    try {
      return json(await getFriendForest(user.id, params.userId!));
    } catch (error) {
      if (!(error instanceof ForestAccessRefused)) throw error;
      if (error.reason === "not_found") throw new ApiError(404, "not_found", "No such user");
      throw new ApiError(403, "not_friends", "You can only see the forests of friends");
    }
  });

export const action = () => methodNotAllowed(["GET"]);
