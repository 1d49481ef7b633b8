import { z } from "zod";

// Field schemas the operations share; their messages are i18n keys (pages translate them, the
// API answers in English).

/** An id from a form or a URL: present and of sane length. */
export const idField = (max = 64) => z.string().trim().min(1, "errors.generic").max(max, "errors.generic");

/** A whole number from a form field or JSON ("3" or 3), within bounds when given, one message for any problem. */
export function wholeNumber(message: string, bounds: { min?: number; max?: number } = {}) {
  let schema = z.coerce.number({ invalid_type_error: message }).int(message);
  if (bounds.min !== undefined) schema = schema.min(bounds.min, message);
  if (bounds.max !== undefined) schema = schema.max(bounds.max, message);
  return schema;
}
