import { json } from "@remix-run/node";
import { adjustEnergyOp } from "~/energy/operations.server";
import { apiOperation } from "~/utils/operation.server";

export const { loader, action } = apiOperation("POST", adjustEnergyOp, {
  body: true,
  // By user id only: the page finds people by email.
  input: (body) => ({ ...body, email: undefined }),
  answer: (result) => json(result, { status: result.applied ? 201 : 200 }),
});
