import { serve } from "~/api/endpoint.server";
import { endpoints } from "~/api/endpoints.server";

// Declared in app/api/endpoints.server.ts (and so in /api/v1/openapi.json).
export const { loader, action } = serve(endpoints.team);
