import type { LoaderFunctionArgs } from "@remix-run/node";
import { projectMapFile } from "~/projects/layouts.server";
import { findProject } from "~/projects/catalogue.server";

// GET /projects/:slug/map.geojson: the project's land for the interactive map (public, as its page).
// Revalidated with its ETag: it changes only when land is taken or the boundary is replaced.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const project = await findProject(params.slug!);
  const file = project ? await projectMapFile(project.id) : null;
  if (!file) throw new Response("Not found", { status: 404 });
  const etag = `"${file.version}"`;
  const headers = { ETag: etag, "Cache-Control": "public, no-cache", "Content-Type": "application/geo+json" };
  if (request.headers.get("If-None-Match") === etag) return new Response(null, { status: 304, headers });
  return new Response(file.body, { headers });
}
