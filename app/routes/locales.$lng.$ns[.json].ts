import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { resources } from "~/i18n/resources.server";

// One message namespace in one language, for the browser to fetch when a page needs a section it
// was not sent with. The URL carries the build's version, so an answer can be kept for a year.
export function loader({ params }: LoaderFunctionArgs) {
  const bundle = resources[params.lng as keyof typeof resources]?.[params.ns ?? ""];
  if (!bundle || !Object.hasOwn(resources[params.lng as keyof typeof resources], params.ns ?? "")) return json({ error: "no such messages" }, { status: 404 });
  return json(bundle, { headers: { "Cache-Control": "public, max-age=31536000, immutable" } });
}
