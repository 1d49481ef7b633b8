import { z } from "zod";

// Per request: a handful of trees, or a guardian's patch of protected land.
export const MAX_QUANTITY = { FOREST: 10, PROTECTED_AREA: 1_000 } as const;

export const redemptionFormSchema = z.object({
  quantity: z.coerce.number({ invalid_type_error: "errors.quantityInvalid" }).int("errors.quantityInvalid").min(1, "errors.quantityInvalid"),
  idempotencyKey: z.string().min(8).max(100),
});
