import { json } from "@remix-run/node";
import { healthAnswer } from "~/utils/health.server";
import { serve } from "./endpoint.server";
import { endpoints } from "./endpoints.server";
import { openApiDocument } from "./openapi.server";

// The whole of /api/ (and /healthz) is answered here, before Remix (app/server/web.ts calls this through the
// server build's entry module). Remix matches every request against all page routes, flattening
// and ranking the route tree again each time: a quarter of an API request's CPU under load, for
// paths that are found in a list of declared endpoints anyway.

const served = serve(...Object.values(endpoints));

export async function handleApiRequest(request: Request): Promise<Response> {
  if (new URL(request.url).pathname === "/healthz") return healthAnswer();
  if (new URL(request.url).pathname === "/api/v1/openapi.json" && (request.method === "GET" || request.method === "HEAD")) {
    return json(openApiDocument(), { headers: { "Cache-Control": "public, max-age=300" } });
  }
  return served.action({ request, params: {}, context: {} });
}
