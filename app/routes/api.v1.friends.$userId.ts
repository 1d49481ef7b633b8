import { unfriend } from "~/energy/operations.server";
import { apiOperation } from "~/utils/operation.server";

export const { loader, action } = apiOperation("DELETE", unfriend, {
  input: (_, params) => ({ friendId: params.userId }),
  answer: () => new Response(null, { status: 204 }),
});
