import { extendZodWithOpenApi, OpenAPIRegistry, OpenApiGeneratorV31, type RouteConfig } from "@asteasolutions/zod-to-openapi";
import { z, type ZodTypeAny } from "zod";
import type { Answer, Endpoint } from "./endpoint.server";
import { endpoints } from "./endpoints.server";
import * as answers from "./schemas";

// The OpenAPI 3.1 document of /api/v1, made from the endpoint declarations (endpoints.server.ts)
// by zod-to-openapi: the paths, inputs and answers are the ones the routes check and send.

extendZodWithOpenApi(z);

const SECURITY_SCHEMES = {
  bearer: {
    type: "http",
    scheme: "bearer",
    description: "A token from POST /api/v1/sessions, sent as `Authorization: Bearer <token>`. Valid 30 days; DELETE /api/v1/sessions revokes it.",
  },
  session: {
    type: "apiKey",
    in: "cookie",
    name: "sapling_session",
    description: "The web pages' signed session cookie (HttpOnly, SameSite=Lax); the API accepts it too.",
  },
  partnerKey: {
    type: "apiKey",
    in: "header",
    name: "Sapling-Partner",
    description: "The partner's key id, given by an operator on /ops/partners.",
  },
  partnerSignature: {
    type: "apiKey",
    in: "header",
    name: "Sapling-Signature",
    description:
      "`t=<unix seconds>,v1=<hex HMAC-SHA256 of \"<t>.<raw body>\" keyed with the partner's secret>`. " +
      "Refused (401) more than 5 minutes from our clock; after a rotation the previous secret works for 24 hours.",
  },
} as const;

const SECURITY: Record<Endpoint["auth"], RouteConfig["security"]> = {
  none: [],
  optional: [{}, { bearer: [] }, { session: [] }],
  user: [{ bearer: [] }, { session: [] }],
  operator: [{ bearer: [] }, { session: [] }],
  partner: [{ partnerKey: [], partnerSignature: [] }],
};

const problem = (description: string): Answer => ({ description, schema: answers.problem });

/** The answers every endpoint of a kind can give, besides its own. */
function sharedAnswers(declared: Endpoint): Record<number, Answer> {
  const shared: Record<number, Answer> = {
    405: problem("method_not_allowed: another method on this path"),
    503: problem("unavailable: the database or queue is briefly away; try again after Retry-After seconds"),
    429: problem("rate_limited: too many requests from this address, account or key; try again after Retry-After seconds"),
  };
  if (declared.auth === "user" || declared.auth === "operator") shared[401] = problem("unauthenticated: no valid bearer token or session");
  if (declared.auth === "operator") shared[403] = problem("forbidden: operators only");
  if (declared.auth === "partner") shared[401] = problem("unknown_partner, malformed_signature, signature_expired, bad_signature");
  if (declared.params || declared.query || declared.body) shared[422] = problem("invalid_fields: details say what each field needs");
  if (declared.body) {
    shared[400] = problem("malformed_json, nul_character, invalid_fields (partners)");
    shared[415] = problem("unsupported_media_type: send application/json");
    shared[413] = problem("body_too_large: the body is over 1 MB");
    shared[411] = problem("length_required: send a Content-Length");
  }
  return shared;
}

function build() {
  const registry = new OpenAPIRegistry();
  for (const [name, scheme] of Object.entries(SECURITY_SCHEMES)) registry.registerComponent("securitySchemes", name, scheme);
  // Named schemas become components; the answers refer to them.
  const named = new Map<ZodTypeAny, ZodTypeAny>();
  for (const [name, schema] of Object.entries(answers)) {
    named.set(schema, registry.register(name[0]!.toUpperCase() + name.slice(1), schema));
  }
  const content = (schema: ZodTypeAny, example?: unknown) => ({
    "application/json": { schema: named.get(schema) ?? schema, ...(example === undefined ? {} : { example }) },
  });

  for (const declared of Object.values(endpoints) as Endpoint[]) {
    const all = { ...sharedAnswers(declared), ...declared.answers };
    registry.registerPath({
      method: declared.method.toLowerCase() as RouteConfig["method"],
      path: declared.path,
      operationId: declared.operationId,
      summary: declared.summary,
      tags: [declared.tag],
      security: SECURITY[declared.auth],
      request: {
        ...(declared.params ? { params: declared.params } : {}),
        ...(declared.query ? { query: declared.query } : {}),
        ...(declared.body ? { body: { required: true, content: content(declared.body, declared.example) } } : {}),
      },
      responses: Object.fromEntries(
        Object.entries(all).map(([status, answer]) => [status, { description: answer.description, ...(answer.schema ? { content: content(answer.schema) } : {}) }]),
      ),
    });
  }

  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: "3.1.0",
    info: {
      title: "Sapling API",
      version: "1",
      description:
        "Green energy, trees and protected land. Errors are `{ error: { code, message } }`: branch on `code` " +
        "(stable, snake_case); `message` is English for people. Commands with an idempotencyKey may be repeated safely.",
    },
    servers: [{ url: "/" }],
  });
}

let document: ReturnType<typeof build> | undefined;

/** The document (built once per process: the declarations do not change while it runs). */
export function openApiDocument() {
  document ??= build();
  return document;
}
