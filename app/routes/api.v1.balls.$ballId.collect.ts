import type { ActionFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { requireApiUser } from "~/auth/guards.server";
import { takeFromBall, TakeRefused } from "~/energy/forest.server";
import { refusalError, TAKE_REFUSALS } from "~/energy/refusals";
import { ApiError, handleApi, methodNotAllowed } from "~/utils/api.server";

export const loader = () => methodNotAllowed(["POST"]);

// The owner collects what is left of a ripe ball; a friend steals a random part of it.
export const action = ({ request, params }: ActionFunctionArgs) =>
  handleApi(request, async () => {
    if (request.method !== "POST") return methodNotAllowed(["POST"]);
    const user = await requireApiUser(request);
    try {
      return json(await takeFromBall(user.id, params.ballId!));
    } catch (error) {
      if (!(error instanceof TakeRefused)) throw error;
      const { status, code, message } = refusalError(TAKE_REFUSALS, error.reason);
      throw new ApiError(status, code, message);
    }
  });
