import type { ActionFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { contributeOp, joinTeamOp, leaveTeamOp } from "~/redemption/operations.server";
import { apiErrorResponse, methodNotAllowed } from "~/utils/api.server";
import { apiOperation } from "~/utils/operation.server";

// POST /api/v1/teams/:id/join, /leave, /contributions { grams }
const commands = {
  join: apiOperation("POST", joinTeamOp, { input: (_, params) => ({ teamId: params.id }), answer: (joined) => json(joined) }),
  leave: apiOperation("POST", leaveTeamOp, { input: (_, params) => ({ teamId: params.id }), answer: (left) => json(left) }),
  contributions: apiOperation("POST", contributeOp, {
    body: true,
    input: (body, params) => ({ grams: body.grams, teamId: params.id }),
    answer: (result) => json(result, { status: 201 }),
  }),
};

export const loader = () => methodNotAllowed(["POST"]);

export const action = (args: ActionFunctionArgs) => {
  const command = Object.hasOwn(commands, args.params.command ?? "") ? commands[args.params.command as keyof typeof commands] : undefined;
  return command ? command.action(args) : apiErrorResponse(404, "not_found", "Use /join, /leave or /contributions");
};
