import { z } from "zod";
import { STEP_UP_REFUSALS, stepUp } from "~/auth/totp.server";
import { totpField } from "~/auth/totp-field";
import { db } from "~/db/client.server";
import { idField, wholeNumber } from "~/utils/fields";
import { operation } from "~/utils/operation.server";
import { Refused } from "~/utils/refused";
import { triggerSampleAction } from "./demo-actions.server";
import { collectAll, takeFromBall, useItem } from "./forest.server";
import { setGoal } from "./goal.server";
import { adjustEnergy, AdjustmentRefused } from "./ledger.server";
import { answerFriendRequest, removeFriend, sendFriendRequest } from "./friends.server";
import { createPartner, rotatePartnerSecret } from "./partners.server";
import { REVIEW_AT_MOST, reviewBalls } from "./review.server";
import { waterFriend } from "./watering.server";

// The energy game's commands, each declared once: the /forest and /friends pages and the /api/v1
// routes are made from these.

const id = idField();

export const requestFriend = operation({
  name: "friends.request",
  summary: "Ask someone to be friends, by email or invite code (if they had asked you, you are friends at once)",
  input: z
    .object({ email: z.string().trim().email("errors.emailInvalid").max(254, "errors.emailInvalid").optional(), inviteCode: z.string().trim().min(4, "friends.targetRequired").max(64, "friends.targetRequired").optional() })
    .refine((body) => !!body.email !== !!body.inviteCode, { message: "friends.targetRequired", path: ["email"] }),
  who: "user",
  refusals: { user_not_found: 404, self: 422, already_friends: 409, already_requested: 409 },
  messages: "friends.refused",
  run: async (actor, input) => ({ ...(await sendFriendRequest(actor.id, input)), byEmail: !!input.email }),
});

export const answerFriend = operation({
  name: "friends.answer",
  summary: "Accept or decline a friend request made to you",
  input: z.object({ requestId: id, accept: z.boolean() }),
  who: "user",
  refusals: { request_not_found: 404 },
  messages: "friends.refused",
  run: async (actor, input) => {
    await answerFriendRequest(actor.id, input.requestId, input.accept);
    return { id: input.requestId, status: input.accept ? ("ACCEPTED" as const) : ("DECLINED" as const) };
  },
});

export const unfriend = operation({
  name: "friends.remove",
  summary: "Stop being friends (both ways)",
  input: z.object({ friendId: id }),
  who: "user",
  refusals: { not_friends: 404 },
  messages: "friends.refused",
  run: (actor, input) => removeFriend(actor.id, input.friendId),
});

export const takeEnergy = operation({
  name: "forest.take",
  summary: "Collect a ripe ball of your own, or take a friend's share of theirs",
  input: z.object({ ballId: id }),
  who: "user",
  refusals: { not_found: 404, not_friends: 403, not_ripe: 409, already_collected: 409, expired: 409, already_taken: 409, limit_reached: 409, protected: 409 },
  messages: "forest.refused",
  run: (actor, input) => takeFromBall(actor.id, input.ballId),
});

export const waterFriendOp = operation({
  name: "friends.water",
  summary: "Give a friend some of your energy (10, 18, 33 or 66 g, three times a day each)",
  input: z.object({ friendId: id, grams: wholeNumber("friends.waterRefused.invalid_amount") }),
  who: "user",
  refusals: { invalid_amount: 422, not_friends: 403, daily_limit: 409, insufficient_energy: 422 },
  messages: "friends.waterRefused",
  run: (actor, input) => waterFriend(actor.id, input.friendId, input.grams),
});

export const collectEverything = operation({
  name: "forest.collect-all",
  summary: "Collect every ripe ball of your own at once",
  input: z.object({}),
  who: "user",
  refusals: {},
  messages: "forest.refused",
  run: (actor) => collectAll(actor.id),
});

export const useForestItem = operation({
  name: "forest.use-item",
  summary: "Use a protection cover (24 h) or a double-collect card (5 min)",
  input: z.object({ item: z.enum(["cover", "double_card"], { message: "errors.generic" }) }),
  who: "user",
  refusals: { no_item: 409 },
  messages: "forest.itemRefused",
  run: (actor, input) => useItem(actor.id, input.item),
});

export const chooseGoal = operation({
  name: "forest.set-goal",
  summary: "Choose the open project your tree grows toward",
  input: z.object({ projectId: id }),
  who: "user",
  refusals: { not_found: 404, not_open: 409 },
  messages: "forest.goal.refused",
  run: (actor, input) => setGoal(actor.id, input.projectId),
});

const SAMPLE_REFUSALS = ["daily_cap", "monthly_cap", "account_monthly_cap", "below_minimum", "no_steps", "other"] as const;

export const sampleAction = operation({
  name: "demo.sample-action",
  summary: "Demo deployments only: report a sample low-carbon action, happening now",
  input: z.object({ type: z.string().trim().min(1, "errors.generic").max(64, "errors.generic") }),
  who: "user",
  refusals: Object.fromEntries(SAMPLE_REFUSALS.map((code) => [code, 409 as const])),
  messages: "demo.refused",
  run: async (actor, input) => {
    const answer = await triggerSampleAction(actor, input.type);
    const body = answer.body as { grams?: number; reason?: string };
    if (answer.status === 201 && body.grams) return { grams: body.grams };
    const reason = SAMPLE_REFUSALS.find((code) => code === body.reason) ?? "other";
    throw new Refused(reason);
  },
});

export const adjustEnergyOp = operation({
  name: "ops.energy-adjustment",
  summary: "Operators: grant (grams > 0) or deduct (grams < 0) energy, with a reason; a repeat of the key changes nothing",
  input: z
    .object({
      userId: id.optional(),
      email: z.string().trim().toLowerCase().email("ops.adjustInvalid").max(254, "ops.adjustInvalid").optional(),
      grams: z.coerce
        .number({ invalid_type_error: "ops.adjustInvalid" })
        .int("ops.adjustInvalid")
        .refine((g) => g !== 0 && Math.abs(g) <= 10_000_000, "ops.adjustInvalid"),
      reason: z.string().trim().min(3, "ops.adjustInvalid").max(500, "ops.adjustInvalid"),
      idempotencyKey: z.string().trim().min(8, "errors.generic").max(100, "errors.generic"),
      totp: totpField,
    })
    .refine((input) => !!input.userId !== !!input.email, { message: "ops.adjustInvalid", path: ["userId"] }),
  who: "operator",
  refusals: { insufficient_energy: 422, user_not_found: 404, idempotency_conflict: 409, ...STEP_UP_REFUSALS },
  messages: "ops.adjustRefused",
  run: async (actor, { email, userId, totp, ...adjustment }) => {
    await stepUp(actor, totp);
    const target = userId ?? (await db().user.findUnique({ where: { email }, select: { id: true } }))?.id;
    if (!target) throw new AdjustmentRefused("user_not_found");
    return adjustEnergy({ ...adjustment, userId: target, operatorId: actor.id });
  },
});

export const addPartner = operation({
  name: "ops.partner-create",
  summary: "Operators: register a partner that reports actions; its secret is shown once",
  input: z.object({
    id: z.string().trim().max(41, "ops.partnerInvalid").regex(/^[a-z0-9][a-z0-9-]{2,40}$/, "ops.partnerInvalid"),
    name: z.string().trim().min(2, "ops.partnerInvalid").max(100, "ops.partnerInvalid"),
  }),
  who: "operator",
  refusals: { partner_taken: 409 },
  messages: "ops.partnerRefused",
  run: (actor, input) => createPartner(input, actor.id),
});

export const rotatePartner = operation({
  name: "ops.partner-rotate",
  summary: "Operators: give a partner a new secret; the old one works 24 hours more",
  input: z.object({ id }),
  who: "operator",
  refusals: { partner_not_found: 404 },
  messages: "ops.partnerRefused",
  run: (actor, input) => rotatePartnerSecret(input.id, actor.id),
});

export const reviewHeldBallsOp = operation({
  name: "ops.energy-review",
  summary: "Operators: release (they become energy) or reject balls held from implausible reports, many at once",
  input: z.object({
    ballIds: z.array(id).min(1, "ops.review.chooseSome").max(REVIEW_AT_MOST, "ops.review.tooMany"),
    decision: z.enum(["release", "reject"]),
  }),
  who: "operator",
  refusals: { already_decided: 409 },
  messages: "ops.review.refused",
  run: async (actor, input) => {
    const { decided } = await reviewBalls(input.ballIds, input.decision, actor.id);
    if (decided === 0) throw new Refused("already_decided");
    return { decided, decision: input.decision };
  },
});
