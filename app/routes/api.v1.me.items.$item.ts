import { json } from "@remix-run/node";
import { requireApiUser } from "~/auth/guards.server";
import { ItemRefused, useItem } from "~/energy/forest.server";
import { apiAction, ApiError } from "~/utils/api.server";

// POST /api/v1/me/items/cover or /api/v1/me/items/double-card: use one.
export const { loader, action } = apiAction("POST", async ({ request, params }) => {
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
