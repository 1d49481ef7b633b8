import type { LoaderFunctionArgs } from "@remix-run/node";
import { certificateDownload } from "~/redemption/certificate-image.server";

// GET /certificates/:number/poster.png: the certificate as a portrait poster, a phone's screen in size.
export const loader = ({ request, params }: LoaderFunctionArgs) => certificateDownload(request, params.number!, "portrait");
