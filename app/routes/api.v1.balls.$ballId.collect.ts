import type { ActionFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { requireApiUser } from "~/auth/guards.server";
import { collectBall, CollectRefused } from "~/energy/forest.server";
import { ApiError, handleApi, methodNotAllowed } from "~/utils/api.server";

const REFUSALS = {
  not_found: [404, "No such energy ball"],
  not_ripe: [409, "The ball is not ripe yet"],
  already_collected: [409, "Nothing is left to take from this ball"],
  expired: [409, "The ball has expired"],
} as const;

export const loader = () => methodNotAllowed(["POST"]);

export const action = ({ request, params }: ActionFunctionArgs) =>
  handleApi(request, async () => {
    if (request.method !== "POST") return methodNotAllowed(["POST"]);
    const user = await requireApiUser(request);
    try {
      return json(await collectBall(user.id, params.ballId!));
    } catch (error) {
      if (!(error instanceof CollectRefused)) throw error;
      const [status, message] = REFUSALS[error.reason];
      throw new ApiError(status, error.reason, message);
    }
  });
