import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { requireApiUser } from "~/auth/guards.server";
import { getRedemption, redemptionView } from "~/redemption/redeem.server";
import { ApiError, handleApi, methodNotAllowed } from "~/utils/api.server";

export const loader = ({ request, params }: LoaderFunctionArgs) =>
  handleApi(request, async () => {
    const user = await requireApiUser(request);
    const redemption = await getRedemption(params.id!, user);
    if (!redemption) throw new ApiError(404, "not_found", "No redemption with that id");
    return json(redemptionView(redemption));
  });

export const action = () => methodNotAllowed(["GET"]);
