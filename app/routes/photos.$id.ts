import type { LoaderFunctionArgs } from "@remix-run/node";
import { getUser } from "~/auth/session.server";
import { photoForViewer } from "~/evidence/access.server";

// Evidence photos for their plots' holders and operators; patrol and product photos for anyone.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const photo = await photoForViewer(params.id!, await getUser(request));
  if (!photo) return new Response("Not found", { status: 404 });
  return new Response(photo.bytes, {
    headers: {
      "Content-Type": photo.contentType,
      "Content-Length": String(photo.bytes.length),
      // The bytes behind an id never change; who may see them can, so caches stay private.
      "Cache-Control": photo.patrolId || photo.productId ? "public, max-age=31536000, immutable" : "private, max-age=3600",
      ETag: `"${photo.sha256}"`,
      "X-Content-Type-Options": "nosniff",
    },
  });
}
