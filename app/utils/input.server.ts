import { json, MaxPartSizeExceededError, unstable_createMemoryUploadHandler, unstable_parseMultipartFormData } from "@remix-run/node";

// The one way a page action reads its form. Whatever a client sends, the answer is a 4xx of ours
// with a message the error boundary translates, never a parser's exception turned into a 500: a
// body that is not a form (415), one that cannot be read (400), a file over its limit (413), a NUL
// character, which PostgreSQL cannot store in text (400).

/** What a refused input answers: the status and a message key (with its parameters) of `errors.input`. */
export type InputProblem = { status: 400 | 404 | 413 | 415 | 422; key: string; params?: Record<string, string | number> };

const refusals = new WeakMap<Response, InputProblem>();

/** The answer to a refused input: thrown from an action, the route's error boundary shows it. */
export function inputRefusal(problem: InputProblem): Response {
  const response = json({ inputProblem: { key: problem.key, params: problem.params ?? {} } }, { status: problem.status });
  refusals.set(response, problem);
  return response;
}

/** The problem a thrown value stands for, when it is an input refusal (a route that shows it inline catches it). */
export function inputProblemOf(error: unknown): InputProblem | undefined {
  return error instanceof Response ? refusals.get(error) : undefined;
}

const FORM_TYPE = /^\s*(application\/x-www-form-urlencoded|multipart\/form-data)\s*(;|$)/i;
const MULTIPART = /^\s*multipart\/form-data/i;
/** Without a route's own limit, a file part may be this large (the web server caps the whole body). */
const DEFAULT_FILE_BYTES = 10_000_000;

export const hasNul = (value: string) => value.includes("\u0000");

/**
 * Reads the request's form (urlencoded or multipart). Files are held in memory up to
 * `maxFileBytes` each; the web server has already refused bodies over its limit.
 */
export async function readForm(request: Request, options: { maxFileBytes?: number } = {}): Promise<FormData> {
  const type = request.headers.get("content-type") ?? "";
  if (!FORM_TYPE.test(type)) throw inputRefusal({ status: 415, key: "formType" });
  const maxPartSize = options.maxFileBytes ?? DEFAULT_FILE_BYTES;
  let form: FormData;
  try {
    form = MULTIPART.test(type)
      ? await unstable_parseMultipartFormData(request, unstable_createMemoryUploadHandler({ maxPartSize }))
      : await request.formData();
  } catch (error) {
    if (error instanceof MaxPartSizeExceededError) throw inputRefusal({ status: 413, key: "fileTooLarge", params: { max: maxPartSize / 1_000_000, field: error.field } });
    throw inputRefusal({ status: 400, key: "unreadable" });
  }
  for (const [name, value] of form) {
    if (hasNul(name) || (typeof value === "string" ? hasNul(value) : hasNul(value.name))) throw inputRefusal({ status: 400, key: "nul" });
  }
  return form;
}

/** A form's text fields as a plain object (repeated names keep their last value), for zod. */
export function formFields(form: FormData): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const [name, value] of form) if (typeof value === "string") fields[name] = value;
  return fields;
}

/** Whether a JSON value holds a NUL character anywhere, in a key or a string. */
export function jsonHasNul(value: unknown): boolean {
  if (typeof value === "string") return hasNul(value);
  if (Array.isArray(value)) return value.some(jsonHasNul);
  if (value && typeof value === "object") return Object.entries(value).some(([key, v]) => hasNul(key) || jsonHasNul(v));
  return false;
}

/** Pages past this one are empty anyway; the cap keeps the row offset a number PostgreSQL takes. */
const LAST_PAGE = 1_000_000;

/** The `page` of a paged list from the URL: a whole number from 1, anything else meaning page 1. */
export function pageParam(request: Request): number {
  const page = Number(new URL(request.url).searchParams.get("page"));
  return Number.isInteger(page) && page >= 1 ? Math.min(page, LAST_PAGE) : 1;
}
