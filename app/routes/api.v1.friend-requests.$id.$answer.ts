import { json } from "@remix-run/node";
import { requireApiUser } from "~/auth/guards.server";
import { answerFriendRequest, FriendRefused } from "~/energy/friends.server";
import { FRIEND_REFUSALS, refusalError } from "~/energy/refusals";
import { apiAction, ApiError } from "~/utils/api.server";

// POST /api/v1/friend-requests/:id/accept or /decline
export const { loader, action } = apiAction("POST", async ({ request, params }) => {
  if (params.answer !== "accept" && params.answer !== "decline") throw new ApiError(404, "not_found", "Use /accept or /decline");
  const user = await requireApiUser(request);
  try {
    await answerFriendRequest(user.id, params.id!, params.answer === "accept");
    return json({ id: params.id, status: params.answer === "accept" ? "ACCEPTED" : "DECLINED" });
  } catch (error) {
    if (!(error instanceof FriendRefused)) throw error;
    const { status, code, message } = refusalError(FRIEND_REFUSALS, error.reason);
    throw new ApiError(status, code, message);
  }
});
