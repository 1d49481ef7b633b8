import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { apiErrorResponse } from "~/utils/api.server";

const notFound = ({ request }: LoaderFunctionArgs | ActionFunctionArgs) =>
  apiErrorResponse(404, "not_found", `No API endpoint at ${request.method} ${new URL(request.url).pathname}`);

export const loader = notFound;
export const action = notFound;
