import { z } from "zod";
import { operation } from "~/utils/operation.server";
import { requestRedemption } from "./redeem.server";

// Redeeming energy for trees or land, declared once for the project page and POST /api/v1/redemptions.

export const redeem = operation({
  name: "redemption.request",
  summary: "Redeem energy for trees or square metres of a project (settled in arrival order; answers at once)",
  input: z.object({
    projectId: z.string().trim().min(1, "errors.generic").max(100, "errors.generic"),
    quantity: z.coerce.number({ invalid_type_error: "errors.quantityInvalid" }).int("errors.quantityInvalid").default(1),
    idempotencyKey: z.string().min(8, "errors.generic").max(100, "errors.generic"),
    giftToUserId: z.string().min(1).max(100).optional(),
  }),
  who: "user",
  refusals: {
    project_not_found: 404,
    project_not_open: 409,
    sold_out: 409,
    insufficient_energy: 422,
    idempotency_conflict: 409,
    recipient_not_friend: 422,
    quantity_out_of_range: 422,
  },
  messages: "projects.refused",
  run: (actor, input) => requestRedemption({ ...input, userId: actor.id }),
});
