import { json } from "@remix-run/node";
import { openApiDocument } from "~/api/openapi.server";

// The OpenAPI 3.1 document of /api/v1, generated from the endpoint declarations.
export const loader = () => json(openApiDocument(), { headers: { "Cache-Control": "public, max-age=300" } });
