import type { LoaderFunctionArgs } from "@remix-run/node";
import { certificatePng } from "~/redemption/certificate-image.server";
import { findCertificate } from "~/redemption/certificates.server";
import { env } from "~/utils/env.server";
import { attachment } from "~/utils/download.server";

// GET /certificates/:number/image.png: the downloadable certificate, its QR code pointing here.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const certificate = await findCertificate(params.number!);
  if (!certificate) return new Response("No certificate with that number", { status: 404 });
  const origin = env().PUBLIC_URL ?? new URL(request.url).origin;
  const png = await certificatePng(certificate, `${origin.replace(/\/$/, "")}/certificates/${certificate.number}`);
  return new Response(new Uint8Array(png), {
    headers: {
      "Content-Type": "image/png",
      "Content-Disposition": attachment(`${certificate.number}.png`),
      "Cache-Control": "public, max-age=3600",
    },
  });
}
