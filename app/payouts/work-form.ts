import { z } from "zod";

// The "households who worked" field of the evidence, patrol and batch forms: registration codes
// one per line or separated by commas or spaces, as a crew's list comes. Messages are i18n keys.

const CODE = /^[A-Za-z0-9-]{4,40}$/;

export const householdCodes = z
  .string()
  .max(20_000, "work.errors.tooLong")
  .default("")
  .transform((text) => [...new Set(text.split(/[\s,，、;；]+/).filter(Boolean))])
  .refine((codes) => codes.length <= 500, "work.errors.tooMany")
  .refine((codes) => codes.every((code) => CODE.test(code)), "work.errors.code");
