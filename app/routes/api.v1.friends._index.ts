import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { requireApiUser } from "~/auth/guards.server";
import { listFriends, pendingRequests } from "~/energy/friends.server";
import { handleApi, methodNotAllowed } from "~/utils/api.server";

export const loader = ({ request }: LoaderFunctionArgs) =>
  handleApi(request, async () => {
    const user = await requireApiUser(request);
    const [friends, requests] = await Promise.all([listFriends(user.id), pendingRequests(user.id)]);
    return json({ friends, requests });
  });

export const action = () => methodNotAllowed(["GET"]);
