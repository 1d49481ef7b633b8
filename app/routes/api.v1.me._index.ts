import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { requireApiUser } from "~/auth/guards.server";
import { db } from "~/db/client.server";
import { handleApi, methodNotAllowed } from "~/utils/api.server";

export const loader = ({ request }: LoaderFunctionArgs) =>
  handleApi(request, async () => {
    const user = await requireApiUser(request);
    const profile = await db().user.findUniqueOrThrow({
      where: { id: user.id },
      select: { id: true, email: true, displayName: true, role: true, inviteCode: true, timeZone: true },
    });
    return json(profile);
  });

export const action = () => methodNotAllowed(["GET"]);
