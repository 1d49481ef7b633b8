import { z } from "zod";
import { idField, wholeNumber } from "~/utils/fields";
import { operation } from "~/utils/operation.server";
import { GIFT_MESSAGE_MAX } from "./quantity";
import { requestRedemption } from "./redeem.server";
import { contribute, createTeam, joinTeam, leaveTeam } from "./teams.server";

// Redeeming energy for trees or land, alone or as a team, declared once for the pages and /api/v1.

export const redeem = operation({
  name: "redemption.request",
  summary: "Redeem energy for trees or square metres of a project (settled in arrival order; answers at once)",
  input: z.object({
    projectId: idField(100),
    quantity: wholeNumber("errors.quantityInvalid").default(1),
    idempotencyKey: z.string().min(8, "errors.generic").max(100, "errors.generic"),
    giftToUserId: z.string().min(1).max(100).optional(),
    giftMessage: z.string().trim().max(GIFT_MESSAGE_MAX, "projects.giftMessageTooLong").optional(),
  }),
  who: "user",
  refusals: {
    project_not_found: 404,
    project_not_open: 409,
    sold_out: 409,
    insufficient_energy: 422,
    idempotency_conflict: 409,
    recipient_not_friend: 422,
    quantity_out_of_range: 422,
  },
  messages: "projects.refused",
  run: (actor, input) => requestRedemption({ ...input, userId: actor.id }),
});

const teamId = idField();

export const startTeam = operation({
  name: "teams.create",
  summary: "Start a co-planting team for one tree or square metre of a project",
  input: z.object({ projectId: idField(100), name: z.string().trim().min(1, "teams.nameRequired").max(60, "teams.nameRequired") }),
  who: "user",
  refusals: { project_not_found: 404, project_not_open: 409 },
  messages: "teams.refused",
  run: (actor, input) => createTeam(actor.id, input),
});

export const joinTeamOp = operation({
  name: "teams.join",
  summary: "Join a friend's co-planting team, with the invite from its link",
  input: z.object({ teamId, invite: z.string().trim().max(64).optional() }),
  who: "user",
  refusals: { team_not_found: 404, team_closed: 409, not_friends: 403, already_member: 409 },
  messages: "teams.refused",
  run: async (actor, input) => {
    await joinTeam(actor.id, input.teamId, input.invite);
    return { joined: true as const };
  },
});

export const leaveTeamOp = operation({
  name: "teams.leave",
  summary: "Leave an open team; your pooled energy comes back",
  input: z.object({ teamId }),
  who: "user",
  refusals: { team_not_found: 404, team_closed: 409, not_member: 403 },
  messages: "teams.refused",
  run: (actor, input) => leaveTeam(actor.id, input.teamId),
});

export const contributeOp = operation({
  name: "teams.contribute",
  summary: "Put energy into a team's pool (the team redeems when it is full)",
  input: z.object({ teamId, grams: wholeNumber("teams.refused.invalid_amount") }),
  who: "user",
  refusals: { team_not_found: 404, team_closed: 409, not_member: 403, invalid_amount: 422, daily_cap: 409, insufficient_energy: 422 },
  messages: "teams.refused",
  run: (actor, input) => contribute(actor.id, input.teamId, input.grams),
});
