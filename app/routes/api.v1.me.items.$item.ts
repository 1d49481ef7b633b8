import { json } from "@remix-run/node";
import { useForestItem } from "~/energy/operations.server";
import { ApiError } from "~/utils/api.server";
import { apiOperation } from "~/utils/operation.server";

// POST /api/v1/me/items/cover or /api/v1/me/items/double-card: use one.
export const { loader, action } = apiOperation("POST", useForestItem, {
  input: (_, params) => {
    const item = params.item === "cover" ? "cover" : params.item === "double-card" ? "double_card" : null;
    if (!item) throw new ApiError(404, "not_found", "Items are cover and double-card");
    return { item };
  },
  answer: (used) => json(used),
});
