import { json } from "@remix-run/node";
import { z } from "zod";
import { requireApiUser } from "~/auth/guards.server";
import { findProject } from "~/projects/catalogue.server";
import { MAX_QUANTITY } from "~/redemption/quantity";
import { getRedemption, redemptionView, RedemptionRefused, requestRedemption } from "~/redemption/redeem.server";
import { apiAction, ApiError, readJsonBody } from "~/utils/api.server";

const bodySchema = z.object({
  projectId: z.string().min(1).max(100),
  quantity: z.number().int().min(1).default(1),
  idempotencyKey: z.string().min(8).max(100),
  giftToUserId: z.string().min(1).max(100).optional(),
});

const REFUSAL_STATUS = {
  project_not_found: 404,
  project_not_open: 409,
  sold_out: 409,
  insufficient_energy: 422,
  idempotency_conflict: 409,
  recipient_not_friend: 422,
} as const;

const REFUSAL_MESSAGE = {
  project_not_found: "No project with that id",
  project_not_open: "The project is not open for redemption yet",
  sold_out: "The project is sold out",
  insufficient_energy: "Your energy balance is lower than the cost",
  idempotency_conflict: "This idempotency key was already used for a different redemption",
  recipient_not_friend: "Gifts go to friends only",
} as const;

export const { loader, action } = apiAction("POST", async ({ request }) => {
  const user = await requireApiUser(request);
  const body = await readJsonBody(request, bodySchema);
  const project = await findProject(body.projectId);
  if (!project) throw new ApiError(404, "project_not_found", REFUSAL_MESSAGE.project_not_found);
  if (body.quantity > MAX_QUANTITY[project.kind]) {
    throw new ApiError(422, "invalid_fields", `quantity must be at most ${MAX_QUANTITY[project.kind]}`);
  }
  try {
    const created = await requestRedemption({ ...body, projectId: project.id, userId: user.id });
    const redemption = await getRedemption(created.id, user);
    return json(redemptionView(redemption!), { status: 202 });
  } catch (error) {
    if (error instanceof RedemptionRefused) {
      throw new ApiError(REFUSAL_STATUS[error.reason], error.reason, REFUSAL_MESSAGE[error.reason]);
    }
    throw error;
  }
});
