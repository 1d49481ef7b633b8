import { parseWithZod } from "@conform-to/zod";
import { json, type ActionFunctionArgs, type TypedResponse } from "@remix-run/node";
import { type z, type ZodTypeAny } from "zod";
import { operatorOnly, requireOperator, requireUser } from "~/auth/guards.server";
import type { SessionUser } from "~/auth/session.server";
import { formFields, inputProblemOf, readForm } from "./input.server";
import { Refused } from "./refused";
import type { PageReply } from "./page-reply";
import { logger } from "./logger.server";
import { RateLimited } from "./rate-limit.server";

// A user-facing command is declared once, here: its input (zod), who may call it, the refusals it
// can give with their HTTP status and message, and the function. The page action and the
// /api/v1 route are derived from the declaration, so they cannot disagree on a status or a rule,
// and the English of an API error is the page's English, from the same message file
// (the API side: app/api/endpoint.server.ts `command`).

// 502: a service we depend on failed (a payment provider); the user may try again.
export type RefusalStatus = 403 | 404 | 409 | 422 | 502;

export type Operation<Schema extends ZodTypeAny = ZodTypeAny, Result = unknown> = {
  /** Stable name, also the OpenAPI operationId (friends.remove, say). */
  name: string;
  summary: string;
  input: Schema;
  who: "user" | "operator";
  /** Every refusal the function may give, by code, with its status. */
  refusals: Record<string, RefusalStatus>;
  /** Where the refusals' messages live: `${messages}.${code}` in app/i18n. */
  messages: string;
  // A method, not a property: an intent list holds operations of many input types.
  run(actor: SessionUser, input: z.infer<Schema>): Promise<Result>;
};

export function operation<Schema extends ZodTypeAny, Result>(declared: Operation<Schema, Result>): Operation<Schema, Result> {
  return declared;
}

type Outcome<Result> =
  | { ok: true; value: Result }
  | { ok: false; status: RefusalStatus; code: string; key: string; params: Record<string, string | number>; details?: unknown };

/** Runs the function; a refusal it gives is mapped through its declaration (an undeclared one is our bug, logged). */
export async function perform<Schema extends ZodTypeAny, Result>(op: Operation<Schema, Result>, actor: SessionUser, input: z.infer<Schema>): Promise<Outcome<Result>> {
  try {
    return { ok: true, value: await op.run(actor, input) };
  } catch (error) {
    if (!(error instanceof Refused)) throw error;
    const status = op.refusals[error.code];
    if (status === undefined) logger.error({ operation: op.name, code: error.code }, "an operation gave a refusal it does not declare");
    return { ok: false, status: status ?? 409, code: error.code, key: error.messageKey ?? `${op.messages}.${error.code}`, params: error.params, details: error.details };
  }
}

type Intent = {
  op: Operation<ZodTypeAny, unknown>;
  /** Parse the whole form as conform does (empty fields absent, files kept), the route's parameters added. */
  form?: boolean;
  input?: IntentInput;
  done: (value: never) => Told | Promise<Told>;
};

/** What a page says when an intent worked: a message (and, for a report, its details), or a redirect. */
type Told = { message: string; params?: Record<string, string | number>; details?: unknown } | Response;

/** The operation's input from the form's fields, the route's parameters and, for files, the form itself. */
type IntentInput = (fields: Record<string, string>, params: Record<string, string | undefined>, request: Request, form: FormData) => unknown;

/** Declares one of a page action's intents (typed against its operation). */
export function intent<Schema extends ZodTypeAny, Result>(
  op: Operation<Schema, Result>,
  options: {
    input?: IntentInput;
    /** Parse the whole form as conform does (for forms with conform on the page, and files). */
    form?: boolean;
    /** What to tell the user when it worked: a message key and its parameters, or a redirect. */
    done: (value: Result) => Told | Promise<Told>;
  },
): Intent {
  return { op, input: options.input, form: options.form, done: options.done as Intent["done"] };
}

/**
 * Runs a page action made of intents (the form's `intent` field picks one). Input that does not
 * fit the schema is a 422 with the first problem's message and every field's problems; a refusal
 * answers with its declared status. `maxFileBytes`: the largest file a form of this page may carry.
 * An intent parsed as conform parses (`form: true`) also answers conform's reply, for useForm's
 * lastResult. Call it inside the route's action, `export const action = (args) => pageAction(args, {...})`:
 * the client bundle keeps top-level calls, and this module is not in it.
 */
export async function pageAction({ request, params }: ActionFunctionArgs, intents: Record<string, Intent>, options: { maxFileBytes?: number } = {}): Promise<TypedResponse<PageReply>> {
  // A page of operators' intents only turns others away before reading their form; on a page that
  // mixes (an order's page: the buyer tries again, an operator ships), the intent chosen decides.
  const operatorsOnly = Object.values(intents).every((entry) => entry.op.who === "operator");
  const actor = operatorsOnly ? await requireOperator(request) : await requireUser(request);
  let form: FormData;
  try {
    form = await readForm(request, options);
  } catch (error) {
    // A file over the page's limit: said on the page, beside its form, like any other refusal.
    const problem = inputProblemOf(error);
    if (problem?.status !== 413) throw error;
    return json<PageReply>({ ok: false, intent: "", error: `errors.input.${problem.key}`, params: problem.params }, { status: 413 });
  }
  const fields = formFields(form);
  const name = fields.intent ?? "";
  const entry = Object.hasOwn(intents, name) ? intents[name] : undefined;
  if (!entry) return json<PageReply>({ ok: false, intent: name, error: "errors.generic" }, { status: 400 });
  if (entry.op.who === "operator") operatorOnly(actor);
  const parsed = await parseIntent(entry, fields, params, request, form);
  if (!parsed.ok) {
    return json<PageReply>({ ok: false, intent: name, error: firstOf(parsed.fieldErrors), fieldErrors: parsed.fieldErrors, conform: parsed.submission?.reply() }, { status: 422 });
  }
  let outcome: Awaited<ReturnType<typeof perform>>;
  try {
    outcome = await perform(entry.op, actor, parsed.value);
  } catch (error) {
    // Over a limit (a password guessed too often): said like a refusal, with how long to wait.
    if (!(error instanceof RateLimited)) throw error;
    const minutes = Math.ceil(error.retryAfterSeconds / 60);
    return json<PageReply>({ ok: false, intent: name, error: "errors.rateLimitedMinutes", params: { minutes } }, { status: 429, headers: { "Retry-After": String(error.retryAfterSeconds) } });
  }
  if (!outcome.ok) {
    // A refusal about fields (a slug taken) is said under them, as the schema's problems are.
    const fieldErrors = outcome.code === FIELDS ? (outcome.details as Record<string, string[]>) : undefined;
    const details = fieldErrors ? undefined : outcome.details;
    const conform = parsed.submission?.reply(fieldErrors ? { fieldErrors } : { resetForm: false });
    return json<PageReply>({ ok: false, intent: name, error: fieldErrors ? firstOf(fieldErrors) : outcome.key, params: outcome.params, fieldErrors, details, conform }, { status: outcome.status });
  }
  const told = await entry.done(outcome.value as never);
  // A redirect: the browser goes on to another page, so no reply is read.
  if (told instanceof Response) return told as TypedResponse<PageReply>;
  return json<PageReply>({ ok: true, intent: name, ...told, conform: parsed.submission?.reply({ resetForm: false }) });
}

/** The refusal code of a domain rule about particular fields: `new Refused(FIELDS, {}, { slug: ["…taken"] })`. */
export const FIELDS = "fields";

const firstOf = (fieldErrors: Record<string, string[]>) => Object.values(fieldErrors)[0]?.[0] ?? "errors.generic";

async function parseIntent(entry: Intent, fields: Record<string, string>, params: Record<string, string | undefined>, request: Request, form: FormData) {
  if (entry.form) {
    for (const [name, value] of Object.entries(params)) if (value !== undefined) form.set(name, value);
    const submission = await parseWithZod(form, { schema: entry.op.input, async: true });
    if (submission.status === "success") return { ok: true as const, value: submission.value as unknown, submission };
    const fieldErrors: Record<string, string[]> = {};
    for (const [field, problems] of Object.entries(submission.error ?? {})) if (Array.isArray(problems) && problems.length) fieldErrors[field || "form"] = problems as string[];
    return { ok: false as const, fieldErrors, submission };
  }
  const parsed = await entry.op.input.safeParseAsync(await (entry.input ? entry.input(fields, params, request, form) : { ...fields, ...params }));
  if (parsed.success) return { ok: true as const, value: parsed.data as unknown, submission: undefined };
  const fieldErrors: Record<string, string[]> = {};
  for (const issue of parsed.error.issues) (fieldErrors[issue.path.join(".") || "form"] ??= []).push(issue.message);
  return { ok: false as const, fieldErrors, submission: undefined };
}
