import { z } from "zod";

// A guardian's visit to their land, as their phone sends it: one photo, and the device's position
// when the photo carries none. Messages are i18n keys.

export const VISIT_RADIUS_M = 100;

/** A blank field is no position (the browser could not or was not allowed to tell). */
const coordinate = (min: number, max: number) =>
  z.preprocess((value) => (value === "" || value === null ? undefined : value), z.coerce.number({ invalid_type_error: "visits.errors.position" }).min(min, "visits.errors.position").max(max, "visits.errors.position").optional());

export const visitSchema = z.object({
  intent: z.literal("visit"),
  // Made on the device: the same visit sent again (a retry, a second tap) is recorded once.
  clientId: z.string().max(36, "visits.errors.clientId").uuid("visits.errors.clientId"),
  latitude: coordinate(-90, 90),
  longitude: coordinate(-180, 180),
  note: z.string().trim().max(500, "visits.errors.tooLong").default(""),
});
