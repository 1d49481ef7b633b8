import { json } from "@remix-run/node";
import { requireApiUser } from "~/auth/guards.server";
import { takeFromBall, TakeRefused } from "~/energy/forest.server";
import { refusalError, TAKE_REFUSALS } from "~/energy/refusals";
import { apiAction, ApiError } from "~/utils/api.server";

// The owner collects what is left of a ripe ball; a friend steals a random part of it.
export const { loader, action } = apiAction("POST", async ({ request, params }) => {
  const user = await requireApiUser(request);
  try {
    return json(await takeFromBall(user.id, params.ballId!));
  } catch (error) {
    if (!(error instanceof TakeRefused)) throw error;
    const { status, code, message } = refusalError(TAKE_REFUSALS, error.reason);
    throw new ApiError(status, code, message);
  }
});
