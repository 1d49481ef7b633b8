import type { ActionFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { requireApiUser } from "~/auth/guards.server";
import { ItemRefused, useItem } from "~/energy/forest.server";
import { ApiError, handleApi, methodNotAllowed } from "~/utils/api.server";

export const loader = () => methodNotAllowed(["POST"]);

// POST /api/v1/me/items/cover or /api/v1/me/items/double-card: use one.
export const action = ({ request, params }: ActionFunctionArgs) =>
  handleApi(request, async () => {
    if (request.method !== "POST") return methodNotAllowed(["POST"]);
    const item = params.item === "cover" ? "cover" : params.item === "double-card" ? "double_card" : null;
    if (!item) throw new ApiError(404, "not_found", "Items are cover and double-card");
    const user = await requireApiUser(request);
    try {
      return json(await useItem(user.id, item));
    } catch (error) {
      if (!(error instanceof ItemRefused)) throw error;
      throw new ApiError(409, "no_item", "You have none of those left");
    }
  });
