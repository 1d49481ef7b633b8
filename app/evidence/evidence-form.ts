import { z } from "zod";

// Operators' forms for evidence, patrols and news. Messages are i18n keys.

const required = "evidenceForm.errors.required";
const day = z.string({ required_error: required }).max(10, "evidenceForm.errors.date").regex(/^\d{4}-\d{2}-\d{2}$/, "evidenceForm.errors.date");
const text = (max: number) => z.string({ required_error: required }).trim().min(1, required).max(max, "evidenceForm.errors.tooLong");

export const evidenceSchema = z.object({
  intent: z.literal("evidence"),
  kind: z.enum(["PLANTING", "AUDIT"], { required_error: required }),
  // A stand number, or a plot code.
  target: z
    .string({ required_error: required })
    .trim()
    .max(21, "evidenceForm.errors.target")
    .toUpperCase()
    .regex(/^(\d{1,6}|[A-Z0-9]{2,12}-\d{8})$/, "evidenceForm.errors.target"),
  occurredOn: day,
  latitude: z.coerce.number({ required_error: required, invalid_type_error: "evidenceForm.errors.latitude" }).min(-90, "evidenceForm.errors.latitude").max(90, "evidenceForm.errors.latitude"),
  longitude: z.coerce.number({ required_error: required, invalid_type_error: "evidenceForm.errors.longitude" }).min(-180, "evidenceForm.errors.longitude").max(180, "evidenceForm.errors.longitude"),
  crew: text(200),
  notes: z.string().trim().max(2000, "evidenceForm.errors.tooLong").default(""),
});

export const patrolSchema = z.object({
  intent: z.literal("patrol"),
  occurredOn: day,
  route: text(500),
  observations: text(4000),
});

export const newsSchema = z.object({
  intent: z.literal("news"),
  titleZh: text(200),
  titleEn: text(200),
  bodyZh: text(4000),
  bodyEn: text(4000),
});

export function parseTarget(target: string): { stand: number } | { plotCode: string } {
  return /^\d+$/.test(target) ? { stand: Number(target) } : { plotCode: target };
}
