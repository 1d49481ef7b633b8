import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { certificateView, findCertificate } from "~/redemption/certificates.server";
import { ApiError, handleApi, methodNotAllowed } from "~/utils/api.server";

// Public: anyone holding a certificate number can verify it.
export const loader = ({ request, params }: LoaderFunctionArgs) =>
  handleApi(request, async () => {
    const certificate = await findCertificate(params.number!);
    if (!certificate) throw new ApiError(404, "not_found", "No certificate with that number");
    return json(certificateView(certificate));
  });

export const action = () => methodNotAllowed(["GET"]);
