import type { LoaderFunctionArgs } from "@remix-run/node";
import { certificateDownload } from "~/redemption/certificate-image.server";

// GET /certificates/:number/image.png: the downloadable certificate (landscape, to print or keep).
export const loader = ({ request, params }: LoaderFunctionArgs) => certificateDownload(request, params.number!, "landscape");
