import type { LoaderFunctionArgs } from "@remix-run/node";
import { getUser } from "~/auth/session.server";
import { photoForViewer } from "~/evidence/access.server";
import { photoCopy, type PhotoSize } from "~/evidence/photo-store.server";

// Evidence, patrol and product photos for anyone; a guardian's visit photos for them and operators.
// What is served is a copy without EXIF (device, GPS): the full picture, or ?size=thumb for pages.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const photo = await photoForViewer(params.id!, await getUser(request));
  const size: PhotoSize = new URL(request.url).searchParams.get("size") === "thumb" ? "thumb" : "full";
  const copy = photo ? await photoCopy(photo.id, size) : null;
  if (!photo || !copy) return new Response("Not found", { status: 404 });
  return new Response(new Uint8Array(copy.bytes), {
    headers: {
      "Content-Type": copy.contentType,
      "Content-Length": String(copy.bytes.length),
      // The bytes behind an id never change; a visit's photo is its guardian's alone.
      "Cache-Control": photo.visit ? "private, max-age=3600" : "public, max-age=31536000, immutable",
      ETag: `"${photo.sha256}-${size}"`,
      "X-Content-Type-Options": "nosniff",
    },
  });
}
