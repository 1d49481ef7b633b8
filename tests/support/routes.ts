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
