import { json } from "@remix-run/node";
import { getRedemption, redemptionView } from "~/redemption/redeem.server";
import { redeem } from "~/redemption/operations.server";
import { apiOperation } from "~/utils/operation.server";

export const { loader, action } = apiOperation("POST", redeem, {
  body: true,
  answer: async (created, _, actor) => json(redemptionView((await getRedemption(created.id, actor))!), { status: 202 }),
});
