import type { LoaderFunctionArgs } from "@remix-run/node";
import { certificatePng } from "~/redemption/certificate-image.server";
import { findCertificate } from "~/redemption/certificates.server";
import { attachment, publicOrigin } from "~/utils/download.server";

// GET /certificates/:number/image.png: the downloadable certificate, its QR code pointing here.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const certificate = await findCertificate(params.number!);
  if (!certificate) return new Response("No certificate with that number", { status: 404 });
  const png = await certificatePng(certificate, `${publicOrigin(request)}/certificates/${certificate.number}`);
  return new Response(new Uint8Array(png), {
    headers: {
      "Content-Type": "image/png",
      "Content-Disposition": attachment(`${certificate.number}.png`),
      "Cache-Control": "public, max-age=3600",
    },
  });
}
