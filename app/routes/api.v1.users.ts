import { json } from "@remix-run/node";
import { createUser, EmailTakenError } from "~/auth/accounts.server";
import { signupSchema } from "~/auth/schemas";
import { apiAction, ApiError, readJsonBody } from "~/utils/api.server";

export const { loader, action } = apiAction("POST", async ({ request }) => {
  const input = await readJsonBody(request, signupSchema);
  try {
    const user = await createUser(input);
    return json({ id: user.id }, { status: 201 });
  } catch (error) {
    if (error instanceof EmailTakenError) throw new ApiError(409, "email_taken", error.message);
    throw error;
  }
});
