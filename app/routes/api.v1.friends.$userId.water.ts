import { json } from "@remix-run/node";
import { z } from "zod";
import { requireApiUser } from "~/auth/guards.server";
import { refusalError, WATER_REFUSALS } from "~/energy/refusals";
import { waterFriend, WaterRefused } from "~/energy/watering.server";
import { apiAction, ApiError, readJsonBody } from "~/utils/api.server";

export const { loader, action } = apiAction("POST", async ({ request, params }) => {
  const user = await requireApiUser(request);
  const { grams } = await readJsonBody(request, z.object({ grams: z.number().int() }));
  try {
    return json(await waterFriend(user.id, params.userId!, grams));
  } catch (error) {
    if (!(error instanceof WaterRefused)) throw error;
    const { status, code, message } = refusalError(WATER_REFUSALS, error.reason);
    throw new ApiError(status, code, message);
  }
});
