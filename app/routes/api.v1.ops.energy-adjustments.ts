import { json } from "@remix-run/node";
import { z } from "zod";
import { requireApiOperator } from "~/auth/guards.server";
import { adjustEnergy, AdjustmentRefused } from "~/energy/ledger.server";
import { apiAction, ApiError, readJsonBody } from "~/utils/api.server";

const adjustmentSchema = z.object({
  userId: z.string().trim().min(1).max(100),
  grams: z.number().int().refine((g) => g !== 0 && Math.abs(g) <= 10_000_000, "must be a non-zero whole number of grams"),
  reason: z.string().trim().min(3).max(500),
  idempotencyKey: z.string().trim().min(8).max(100),
});

const REFUSALS = {
  insufficient_energy: [422, "A deduction cannot take the balance below zero"],
  user_not_found: [404, "No such user"],
  idempotency_conflict: [409, "This idempotency key was used for a different adjustment"],
} as const;

export const { loader, action } = apiAction("POST", async ({ request }) => {
  const operator = await requireApiOperator(request);
  const body = await readJsonBody(request, adjustmentSchema);
  try {
    const result = await adjustEnergy({ ...body, operatorId: operator.id });
    return json(result, { status: result.applied ? 201 : 200 });
  } catch (error) {
    if (!(error instanceof AdjustmentRefused)) throw error;
    const [status, message] = REFUSALS[error.reason];
    throw new ApiError(status, error.reason, message);
  }
});
