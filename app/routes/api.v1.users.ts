import type { ActionFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { createUser, EmailTakenError } from "~/auth/accounts.server";
import { signupSchema } from "~/auth/schemas";
import { ApiError, handleApi, methodNotAllowed, readJsonBody } from "~/utils/api.server";

export const loader = () => methodNotAllowed(["POST"]);

export const action = ({ request }: ActionFunctionArgs) =>
  handleApi(request, async () => {
    if (request.method !== "POST") return methodNotAllowed(["POST"]);
    const input = await readJsonBody(request, signupSchema);
    try {
      const user = await createUser(input);
      return json({ id: user.id }, { status: 201 });
    } catch (error) {
      if (error instanceof EmailTakenError) throw new ApiError(409, "email_taken", error.message);
      throw error;
    }
  });
