import type { ActionFunctionArgs } from "@remix-run/node";
import { requireApiUser } from "~/auth/guards.server";
import { FriendRefused, removeFriend } from "~/energy/friends.server";
import { FRIEND_REFUSALS, refusalError } from "~/energy/refusals";
import { ApiError, handleApi, methodNotAllowed } from "~/utils/api.server";

export const loader = () => methodNotAllowed(["DELETE"]);

export const action = ({ request, params }: ActionFunctionArgs) =>
  handleApi(request, async () => {
    if (request.method !== "DELETE") return methodNotAllowed(["DELETE"]);
    const user = await requireApiUser(request);
    try {
      await removeFriend(user.id, params.userId!);
      return new Response(null, { status: 204 });
    } catch (error) {
      if (!(error instanceof FriendRefused)) throw error;
      const { status, code, message } = refusalError(FRIEND_REFUSALS, error.reason);
      throw new ApiError(status, code, message);
    }
  });
