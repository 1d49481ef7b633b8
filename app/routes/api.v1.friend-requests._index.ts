import { json } from "@remix-run/node";
import { z } from "zod";
import { requireApiUser } from "~/auth/guards.server";
import { FriendRefused, sendFriendRequest } from "~/energy/friends.server";
import { FRIEND_REFUSALS, refusalError } from "~/energy/refusals";
import { apiAction, ApiError, readJsonBody } from "~/utils/api.server";

const bodySchema = z
  .object({ email: z.string().trim().email().max(254).optional(), inviteCode: z.string().trim().min(4).max(64).optional() })
  .refine((body) => !!body.email !== !!body.inviteCode, { message: "Send either email or inviteCode", path: ["email"] });

export const { loader, action } = apiAction("POST", async ({ request }) => {
  const user = await requireApiUser(request);
  const body = await readJsonBody(request, bodySchema);
  try {
    return json(await sendFriendRequest(user.id, body), { status: 201 });
  } catch (error) {
    if (!(error instanceof FriendRefused)) throw error;
    const { status, code, message } = refusalError(FRIEND_REFUSALS, error.reason);
    throw new ApiError(status, code, message);
  }
});
