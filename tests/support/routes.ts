import type { Endpoint } from "~/api/endpoint.server";
import { handleApiRequest } from "~/api/dispatch.server";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";

type Handler = (args: ActionFunctionArgs | LoaderFunctionArgs) => Promise<Response> | Response;

/** Calls a route module's loader or action as Remix would, and reads its JSON answer. */
export async function callRoute(
  handler: Handler,
  options: { method?: string; path?: string; params?: Record<string, string>; body?: string; headers?: Record<string, string> } = {},
) {
  const request = new Request(`http://sapling.test${options.path ?? "/"}`, {
    method: options.method ?? "GET",
    headers: options.headers,
    body: options.body,
  });
  const response = await handler({ request, params: options.params ?? {}, context: {} });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

/** The /api/ dispatcher as a route handler, for callRoute (a path no endpoint declares, a raw body). */
export const apiHandler: Handler = ({ request }) => handleApiRequest(request);

/**
 * Calls a declared /api/v1 endpoint as the web server serves it, at its real path (params fill the
 * template; `query` is appended): `callApi(endpoints.collectBall, { params: { ballId } })`.
 */
export function callApi(
  declared: Endpoint,
  options: { method?: string; query?: string; params?: Record<string, string>; body?: string; headers?: Record<string, string> } = {},
) {
  const path = declared.path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(options.params?.[name] ?? ""));
  return callRoute(apiHandler, { ...options, method: options.method ?? declared.method, path: path + (options.query ?? "") });
}
