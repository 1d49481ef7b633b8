import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { requireApiUser } from "~/auth/guards.server";
import { listActivity } from "~/energy/forest.server";
import { handleApi, methodNotAllowed } from "~/utils/api.server";

export const loader = ({ request }: LoaderFunctionArgs) =>
  handleApi(request, async () => {
    const user = await requireApiUser(request);
    return json({ activity: await listActivity(user.id) });
  });

export const action = () => methodNotAllowed(["GET"]);
