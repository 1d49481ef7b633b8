import { z } from "zod";
import { householdCodes } from "~/payouts/work-form";
import { PLOT_CODE } from "~/redemption/plot-codes";

// Operators' forms for evidence, patrols and news. Messages are i18n keys.

const required = "evidenceForm.errors.required";
const day = z.string({ required_error: required }).max(10, "evidenceForm.errors.date").regex(/^\d{4}-\d{2}-\d{2}$/, "evidenceForm.errors.date");
const text = (max: number) => z.string({ required_error: required }).trim().min(1, required).max(max, "evidenceForm.errors.tooLong");


/** Plot codes written one per line, or separated by commas or spaces, as a crew's list comes. */
const plotCodes = z
  .string()
  .max(20_000, "evidenceForm.errors.tooLong")
  .default("")
  .transform((text) => [...new Set(text.toUpperCase().split(/[\s,，、;；]+/).filter(Boolean))])
  .refine((codes) => codes.length <= 1000, "evidenceForm.errors.tooManyCodes")
  .refine((codes) => codes.every((code) => PLOT_CODE.test(code)), "evidenceForm.errors.lostCodes");

export const SURVEY_YEARS = [1, 3] as const;

export const evidenceSchema = z.object({
  intent: z.literal("evidence"),
  kind: z.enum(["PLANTING", "AUDIT", "SURVIVAL", "REPLANTING"], { required_error: required }),
  // A stand number, or a plot code.
  target: z
    .string({ required_error: required })
    .trim()
    .max(23, "evidenceForm.errors.target")
    .toUpperCase()
    .refine((target) => /^\d{1,6}$/.test(target) || PLOT_CODE.test(target), "evidenceForm.errors.target"),
  // Survival audits: which anniversary of planting, and the plots of the target found lost.
  surveyYear: z.coerce.number().int().refine((year) => (SURVEY_YEARS as readonly number[]).includes(year), "evidenceForm.errors.surveyYear").optional(),
  lost: plotCodes,
  occurredOn: day,
  latitude: z.coerce.number({ required_error: required, invalid_type_error: "evidenceForm.errors.latitude" }).min(-90, "evidenceForm.errors.latitude").max(90, "evidenceForm.errors.latitude"),
  longitude: z.coerce.number({ required_error: required, invalid_type_error: "evidenceForm.errors.longitude" }).min(-180, "evidenceForm.errors.longitude").max(180, "evidenceForm.errors.longitude"),
  crew: text(200),
  // How many people: the public's view of the crew (its name stays with holders and operators).
  crewSize: z.coerce.number({ invalid_type_error: "evidenceForm.errors.crewSize" }).int("evidenceForm.errors.crewSize").min(1, "evidenceForm.errors.crewSize").max(500, "evidenceForm.errors.crewSize").optional(),
  notes: z.string().trim().max(2000, "evidenceForm.errors.tooLong").default(""),
  // Registration codes of the households who did the work (planting, or care for an audit).
  workers: householdCodes,
  // Made by a ranger's device for a record queued offline: sent twice, stored once.
  clientId: z.string().max(36, "errors.generic").uuid("errors.generic").optional(),
});

export const patrolSchema = z.object({
  intent: z.literal("patrol"),
  occurredOn: day,
  route: text(500),
  observations: text(4000),
  workers: householdCodes,
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
