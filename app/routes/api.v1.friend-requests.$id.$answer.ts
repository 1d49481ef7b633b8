import { json } from "@remix-run/node";
import { answerFriend } from "~/energy/operations.server";
import { ApiError } from "~/utils/api.server";
import { apiOperation } from "~/utils/operation.server";

// POST /api/v1/friend-requests/:id/accept or /decline
export const { loader, action } = apiOperation("POST", answerFriend, {
  input: (_, params) => {
    if (params.answer !== "accept" && params.answer !== "decline") throw new ApiError(404, "not_found", "Use /accept or /decline");
    return { requestId: params.id, accept: params.answer === "accept" };
  },
  answer: (answered) => json(answered),
});
