import { json } from "@remix-run/node";
import { ZodError, type ZodTypeAny, type z } from "zod";
import { englishText } from "~/i18n/english.server";
import { jsonHasNul } from "./input.server";
import { logger } from "./logger.server";
import { noteFailure, RETRY_AFTER_SECONDS } from "./outage.server";
import { RateLimited } from "./rate-limit.server";

// Validation messages are i18n keys (pages translate them); the API answers in English.
function fieldErrorsInEnglish(error: ZodError) {
  const fields: Record<string, string[]> = {};
  for (const issue of error.issues) {
    const name = issue.path.join(".") || "body";
    (fields[name] ??= []).push(englishText(issue.message));
  }
  return fields;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

export function apiErrorResponse(status: number, code: string, message: string, details?: unknown) {
  return json({ error: { code, message, ...(details === undefined ? {} : { details }) } }, { status });
}

/** 429 for a client over one of its limits, with when to try again (in seconds, as Retry-After says). */
export function tooManyRequests(limited: RateLimited) {
  const response = apiErrorResponse(429, "rate_limited", `Too many requests; try again in ${limited.retryAfterSeconds} seconds`);
  response.headers.set("Retry-After", String(limited.retryAfterSeconds));
  return response;
}

/** Runs an API handler; every failure becomes `{ error: { code, message } }` with a fitting status. */
export async function handleApi(request: Request, handler: () => Promise<Response>): Promise<Response> {
  try {
    return await handler();
  } catch (error) {
    if (error instanceof ApiError) return apiErrorResponse(error.status, error.code, error.message, error.details);
    if (error instanceof RateLimited) return tooManyRequests(error);
    if (error instanceof ZodError) {
      const fields = fieldErrorsInEnglish(error);
      const summary = Object.entries(fields).map(([name, messages]) => `${name}: ${messages.join(", ")}`).join("; ");
      return apiErrorResponse(422, "invalid_fields", `Some fields are missing or invalid (${summary})`, fields);
    }
    if (error instanceof Response) return error;
    if (noteFailure(error)) {
      logger.warn({ err: error, method: request.method, url: request.url }, "api request met an outage");
      return apiErrorResponse(503, "unavailable", `The service is briefly unavailable; try again in ${RETRY_AFTER_SECONDS} seconds`);
    }
    logger.error({ err: error, method: request.method, url: request.url }, "api handler failed");
    return apiErrorResponse(500, "internal", "Something went wrong on our side; it has been logged");
  }
}

export async function readJsonBody<S extends ZodTypeAny>(request: Request, schema: S): Promise<z.infer<S>> {
  if (!request.headers.get("content-type")?.includes("application/json")) {
    throw new ApiError(415, "unsupported_media_type", "Send the body as application/json");
  }
  let body: unknown;
  try {
    body = await request.json();
  } catch {
    throw new ApiError(400, "malformed_json", "The body is not valid JSON");
  }
  if (jsonHasNul(body)) throw new ApiError(400, "nul_character", "A text in the body holds a NUL character, which cannot be stored; remove it");
  return schema.parse(body);
}

export function methodNotAllowed(allowed: string[]) {
  return apiErrorResponse(405, "method_not_allowed", `Use ${allowed.join(" or ")} on this URL`);
}
