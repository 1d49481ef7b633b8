import type { ActionFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { authenticate } from "~/auth/accounts.server";
import { loginSchema } from "~/auth/schemas";
import { createSession, revokeBearer } from "~/auth/session.server";
import { ApiError, handleApi, methodNotAllowed, readJsonBody } from "~/utils/api.server";

export const loader = () => methodNotAllowed(["POST", "DELETE"]);

export const action = ({ request }: ActionFunctionArgs) =>
  handleApi(request, async () => {
    if (request.method === "DELETE") {
      await revokeBearer(request);
      return new Response(null, { status: 204 });
    }
    if (request.method !== "POST") return methodNotAllowed(["POST", "DELETE"]);
    const input = await readJsonBody(request, loginSchema);
    const user = await authenticate(input);
    if (!user) throw new ApiError(401, "invalid_credentials", "Email or password is wrong");
    return json({ token: await createSession(user.id) }, { status: 201 });
  });
