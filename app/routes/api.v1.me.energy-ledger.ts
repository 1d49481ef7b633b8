import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { requireApiUser } from "~/auth/guards.server";
import { listLedger } from "~/energy/ledger.server";
import { ApiError, handleApi, methodNotAllowed } from "~/utils/api.server";

export const loader = ({ request }: LoaderFunctionArgs) =>
  handleApi(request, async () => {
    const user = await requireApiUser(request);
    const search = new URL(request.url).searchParams;
    const cursor = search.get("cursor");
    if (cursor !== null && !/^\d{1,19}$/.test(cursor)) throw new ApiError(400, "invalid_cursor", "cursor must be a value of nextCursor");
    const limit = Number(search.get("limit") ?? 50);
    if (!Number.isInteger(limit) || limit < 1 || limit > 200) throw new ApiError(400, "invalid_limit", "limit must be a whole number from 1 to 200");
    return json(await listLedger(user.id, cursor ? BigInt(cursor) : null, limit));
  });

export const action = () => methodNotAllowed(["GET"]);
