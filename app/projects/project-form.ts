import { z } from "zod";
import { TREE_ARTS } from "./species";

// The operator's project form. Messages are i18n keys. Kind, slug and code prefix are chosen once:
// plot codes and the cell size of the layout derive from them.

/**
 * Units are numbered as PostgreSQL integers: a project offers at most this many, even where its land
 * holds more (Pingwu County is ~6e9 m²; the numbered land beyond stays unoffered).
 */
export const MAX_CAPACITY = 2_147_483_647;

/** A boundary file may be this large; the form says so in the browser, before anything is sent. */
export const MAX_BOUNDARY_BYTES = 2_000_000;

const boundaryFile = (message: string) =>
  z
    .instanceof(File, { message })
    .refine((file) => file.size <= MAX_BOUNDARY_BYTES, "projectForm.errors.boundaryTooLarge");

const text = (max: number) => z.string({ required_error: "projectForm.errors.required" }).trim().min(1, "projectForm.errors.required").max(max, "projectForm.errors.tooLong");

const editableFields = {
  nameZh: text(100),
  nameEn: text(100),
  countyZh: text(100),
  countyEn: text(100),
  species: z.string().trim().max(100, "projectForm.errors.tooLong").optional(),
  // Which drawing shows its trees (forests only; protected land has its own).
  art: z.enum(TREE_ARTS).optional(),
  unitCostGrams: z.coerce
    .number({ required_error: "projectForm.errors.required", invalid_type_error: "projectForm.errors.wholeGrams" })
    .int("projectForm.errors.wholeGrams")
    .min(1, "projectForm.errors.wholeGrams")
    .max(100_000_000, "projectForm.errors.wholeGrams"),
  // Empty: every unit the boundary holds, up to MAX_CAPACITY.
  capacity: z.coerce
    .number({ invalid_type_error: "projectForm.errors.capacity" })
    .int("projectForm.errors.capacity")
    .min(1, "projectForm.errors.capacity")
    .max(MAX_CAPACITY, "projectForm.errors.capacity")
    .optional(),
  // Wall-clock time in the project's zone, as a datetime-local input gives it.
  opensAt: z.string({ required_error: "projectForm.errors.required" }).max(16, "projectForm.errors.opensAt").regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, "projectForm.errors.opensAt"),
  boundary: boundaryFile("projectForm.errors.boundaryRequired").optional(),
};

export const projectEditSchema = z.object(editableFields);

export const projectCreateSchema = z
  .object({
    ...editableFields,
    kind: z.enum(["FOREST", "PROTECTED_AREA"], { required_error: "projectForm.errors.required", invalid_type_error: "projectForm.errors.required" }),
    slug: z
      .string({ required_error: "projectForm.errors.required" })
      .trim()
      .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, "projectForm.errors.slug")
      .min(3, "projectForm.errors.slug")
      .max(60, "projectForm.errors.slug"),
    codePrefix: z.string({ required_error: "projectForm.errors.required" }).trim().max(6, "projectForm.errors.codePrefix").regex(/^[A-Z]{2,6}$/, "projectForm.errors.codePrefix"),
    boundary: boundaryFile("projectForm.errors.boundaryRequired").refine((file) => file.size > 0, "projectForm.errors.boundaryRequired"),
  })
  .superRefine((value, ctx) => {
    if (value.kind === "FOREST" && !value.species) ctx.addIssue({ code: "custom", path: ["species"], message: "projectForm.errors.speciesRequired" });
  });

export type ProjectCreateInput = z.infer<typeof projectCreateSchema>;
export type ProjectEditInput = z.infer<typeof projectEditSchema>;
