import { json } from "@remix-run/node";
import { waterFriendOp } from "~/energy/operations.server";
import { apiOperation } from "~/utils/operation.server";

export const { loader, action } = apiOperation("POST", waterFriendOp, {
  body: true,
  input: (body, params) => ({ grams: body.grams, friendId: params.userId }),
  answer: (watered) => json(watered),
});
