import { parseWithZod } from "@conform-to/zod";
import { inputProblemOf, readForm } from "~/utils/input.server";
import type { ZodTypeAny } from "zod";
import { MAX_BOUNDARY_BYTES } from "./boundary";
import type { ManageProblem } from "./manage.server";

/**
 * Reads a multipart project form: the fields through the zod schema, the boundary file as text.
 * A file over the limit is refused while it streams in, not after it is buffered.
 */
export async function readProjectForm<Schema extends ZodTypeAny>(request: Request, schema: Schema) {
  let formData: FormData;
  try {
    formData = await readForm(request, { maxFileBytes: MAX_BOUNDARY_BYTES });
  } catch (error) {
    if (inputProblemOf(error)?.status === 413) {
      return { submission: null, boundaryText: null, problems: [{ code: "tooLarge", params: { max: MAX_BOUNDARY_BYTES / 1_000_000 } }] as ManageProblem[] };
    }
    throw error;
  }
  const submission = parseWithZod(formData, { schema });
  const file = formData.get("boundary");
  const boundaryText = file instanceof File && file.size > 0 ? await file.text() : null;
  return { submission, boundaryText, problems: [] as ManageProblem[] };
}
