import type { ActionFunctionArgs } from "@remix-run/node";
import { type z, type AnyZodObject, type ZodTypeAny } from "zod";
import { requireApiOperator, requireApiUser } from "~/auth/guards.server";
import { getUser, type SessionUser } from "~/auth/session.server";
import { englishText } from "~/i18n/english.server";
import { apiErrorResponse, handleApi, methodNotAllowed, readJsonBody } from "~/utils/api.server";
import { perform, type Operation } from "~/utils/operation.server";
import { problem } from "./schemas";

// An /api/v1 endpoint is declared once, in app/api/endpoints.server.ts: its method and path, who
// may call it, what it reads (path parameters, query, body) and every answer it gives, as zod
// schemas. The route file serves the declaration, and /api/v1/openapi.json is generated from the
// same list, so the document cannot drift from what the routes do without the contract test
// (tests/e2e/api-contract.test.ts) noticing.

export type Method = "GET" | "POST" | "DELETE";

/**
 * none: public. optional: public, with more for a signed-in caller. user / operator: a bearer
 * token (or the page session's cookie). partner: an HMAC signature over the raw body.
 */
export type Auth = "none" | "optional" | "user" | "operator" | "partner";

export type Answer = { description: string; schema?: ZodTypeAny };

export type Context = { request: Request; params: Record<string, string>; query: Record<string, unknown>; body: unknown; actor: SessionUser | null };

export type Endpoint = {
  method: Method;
  /** OpenAPI form: /api/v1/teams/{id}/join. */
  path: string;
  operationId: string;
  summary: string;
  tag: string;
  auth: Auth;
  params?: AnyZodObject;
  query?: AnyZodObject;
  /** The JSON body, read and checked before the handler runs (a partner endpoint reads its own). */
  body?: ZodTypeAny;
  /** An example body: in the document and sent by the contract test. */
  example?: unknown;
  /** Every answer but the ones all endpoints share (401, 403, 405, 415, 400, 422, 503: see openapi.server.ts). */
  answers: Record<number, Answer>;
  handle(context: Context): Promise<Response>;
};

export function endpoint(declared: Endpoint): Endpoint {
  return declared;
}

/**
 * An endpoint made from an operation (app/utils/operation.server.ts): its input schema checks the
 * body and parameters together, its refusals are the endpoint's error answers with their declared
 * statuses and the pages' English.
 */
export function command<Schema extends ZodTypeAny, Result>(
  op: Operation<Schema, Result>,
  declared: Omit<Endpoint, "auth" | "handle" | "operationId" | "summary" | "answers"> & {
    /** The answers when it worked. */
    answers: Record<number, Answer>;
    /** The operation's input from the body and path parameters (default: both merged). */
    input?: (body: Record<string, unknown>, params: Record<string, string>) => unknown;
    answer: (value: Result, input: z.infer<Schema>, actor: SessionUser) => Response | Promise<Response>;
  },
): Endpoint & { operation: Operation } {
  const refusals = Object.entries(op.refusals).reduce<Record<number, Answer>>((all, [code, status]) => {
    const seen = all[status]?.description;
    all[status] = { description: seen ? `${seen}, ${code}` : `Refused: ${code}`, schema: problem };
    return all;
  }, {});
  return {
    ...declared,
    operation: op as Operation,
    operationId: op.name,
    summary: op.summary,
    auth: op.who,
    answers: { ...refusals, ...declared.answers },
    handle: async ({ body, params, actor }) => {
      const fields = (body ?? {}) as Record<string, unknown>;
      const input = op.input.parse(declared.input ? declared.input(fields, params) : { ...fields, ...params }) as z.infer<Schema>;
      const outcome = await perform(op, actor!, input);
      if (!outcome.ok) return apiErrorResponse(outcome.status, outcome.code, englishText(outcome.key, outcome.params));
      return declared.answer(outcome.value, input, actor!);
    },
  };
}

function matcher(template: string) {
  const names: string[] = [];
  const source = template.replace(/\{(\w+)\}/g, (_, name: string) => {
    names.push(name);
    return "([^/]+)";
  });
  const pattern = new RegExp(`^${source}/?$`);
  return (pathname: string): Record<string, string> | null => {
    const found = pattern.exec(pathname);
    if (!found) return null;
    // The URL was checked to be valid UTF-8 before any route (server/http-guards.ts).
    return Object.fromEntries(names.map((name, i) => [name, decodeURIComponent(found[i + 1]!)]));
  };
}

async function caller(auth: Auth, request: Request) {
  if (auth === "user") return requireApiUser(request);
  if (auth === "operator") return requireApiOperator(request);
  if (auth === "optional") return getUser(request);
  return null;
}

/**
 * A route file's loader and action for the endpoints it holds (one path, or a parameter that picks
 * among several: /teams/{id}/join, /leave, /contributions):
 * `export const { loader, action } = serve(endpoints.teamJoin, endpoints.teamLeave)`.
 */
export function serve(...endpoints: Endpoint[]) {
  const matched = endpoints.map((declared) => ({ declared, match: matcher(declared.path) }));
  const handler = ({ request }: ActionFunctionArgs) =>
    handleApi(request, async () => {
      const url = new URL(request.url);
      const here = matched.map(({ declared, match }) => ({ declared, params: match(url.pathname) })).filter((entry) => entry.params);
      if (!here.length) return apiErrorResponse(404, "not_found", `No API endpoint at ${request.method} ${url.pathname}`);
      const method = request.method === "HEAD" ? "GET" : request.method;
      const chosen = here.find((entry) => entry.declared.method === method);
      if (!chosen) return methodNotAllowed([...new Set(here.map((entry) => entry.declared.method))]);
      const { declared } = chosen;
      const actor = await caller(declared.auth, request);
      const params = declared.params ? declared.params.parse(chosen.params) : chosen.params!;
      const query = declared.query ? declared.query.parse(Object.fromEntries(url.searchParams)) : {};
      const body = declared.body && declared.auth !== "partner" ? await readJsonBody(request, declared.body) : undefined;
      return declared.handle({ request, params, query, body, actor });
    });
  return { loader: handler, action: handler };
}
