import { z } from "zod";
import { householdCodes } from "~/payouts/work-form";

// The operators' form for a product batch. Messages are i18n keys.

const day = z.string({ required_error: "trace.errors.date" }).max(10, "trace.errors.date").regex(/^\d{4}-\d{2}-\d{2}$/, "trace.errors.date");
/** A blank place is the whole project. */
const place = z.preprocess((v) => (v === "" ? undefined : v), z.coerce.number({ invalid_type_error: "trace.errors.place" }).int("trace.errors.place").min(1, "trace.errors.place").max(100_000, "trace.errors.place").optional());

export const batchSchema = z
  .object({
    intent: z.literal("batch"),
    harvestFrom: day,
    harvestTo: day,
    quantity: z.coerce.number({ invalid_type_error: "trace.errors.quantity" }).int("trace.errors.quantity").min(1, "trace.errors.quantity").max(1_000_000, "trace.errors.quantity"),
    stand: place,
    section: place,
    // Registration codes of the households who harvested it.
    workers: householdCodes,
  })
  .refine((b) => b.harvestTo >= b.harvestFrom, { message: "trace.errors.window", path: ["harvestTo"] })
  .refine((b) => b.stand === undefined || b.section === undefined, { message: "trace.errors.onePlace", path: ["section"] });
