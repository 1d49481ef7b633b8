import { Prisma } from "@prisma/client";
import { z } from "zod";
import { db } from "~/db/client.server";
import { createBall, ripeNow } from "./balls.server";
import { holdReason } from "./holds.server";
import { capCounters, gramsForAction, missingFields } from "./earning";
import { ENERGY_RULES } from "./rules";

export const actionBodySchema = z.object({
  id: z.string().trim().min(1).max(200),
  user: z.string().trim().min(1).max(254),
  type: z.string().trim().min(1).max(50),
  occurredAt: z.string().max(40).datetime({ offset: true, message: "must be an ISO 8601 time with a zone, e.g. 2026-03-10T08:30:00+08:00" }),
  amountFen: z.number().int().min(0).max(1_000_000_000).optional(),
  steps: z.number().int().min(0).max(1_000_000).optional(),
  account: z.string().trim().min(1).max(100).optional(),
});

export type ActionBody = z.infer<typeof actionBodySchema>;

/** What the partner gets back; stored with the action and returned again for a repeated id. */
export type ActionAnswer = { status: number; body: Record<string, unknown> };

const error = (status: number, code: string, message: string): ActionAnswer => ({ status, body: { error: { code, message } } });

class Capped extends Error {
  constructor(readonly reason: string) {
    super(reason);
  }
}

/**
 * Applies a partner's low-carbon action once: a repeated (partner, id) returns the first answer.
 * Accepted actions become energy balls; caps are counters raised by a conditional upsert in the
 * same transaction as the ball, so concurrent reports cannot pass a cap.
 */
export async function applyPartnerAction(
  partnerId: string,
  body: ActionBody,
  now = new Date(),
  options: { demoShortcut?: boolean } = {},
): Promise<ActionAnswer> {
  const previous = await db().partnerAction.findUnique({ where: { partnerId_externalId: { partnerId, externalId: body.id } } });
  if (previous) return { status: previous.responseCode, body: previous.response as Record<string, unknown> };

  const occurredAt = new Date(body.occurredAt);
  const user = await db().user.findFirst({
    where: body.user.includes("@") ? { email: body.user.toLowerCase() } : { id: body.user },
    select: { id: true, timeZone: true },
  });
  const rule = await db().actionRule.findUnique({ where: { type: body.type } });

  let rejection: ActionAnswer | null = null;
  if (!user) rejection = error(404, "unknown_user", `No user ${body.user}`);
  else if (!rule) rejection = error(422, "unknown_type", `Unknown action type ${body.type}`);
  else if (missingFields(rule, body).length) {
    rejection = error(400, "invalid_fields", `${body.type} needs ${missingFields(rule, body).join(", ")}`);
  } else if (now.getTime() - occurredAt.getTime() > ENERGY_RULES.maxActionAgeDays * 86_400_000) {
    rejection = error(422, "too_old", `occurredAt is more than ${ENERGY_RULES.maxActionAgeDays} days ago`);
  } else if (occurredAt.getTime() - now.getTime() > ENERGY_RULES.maxActionFutureSkewMinutes * 60_000) {
    rejection = error(422, "in_future", "occurredAt is in the future");
  }
  if (rejection || !user || !rule) {
    return record(partnerId, body, { status: "REJECTED", userId: user?.id ?? null, reason: (rejection!.body.error as { code: string }).code }, rejection!);
  }

  const decision = gramsForAction(rule, body);
  if (decision.grams === 0) {
    const reason = "reason" in decision ? decision.reason : "below_minimum";
    return record(partnerId, body, { status: "CAPPED", userId: user.id, reason }, { status: 201, body: { ballId: null, grams: 0, reason } });
  }

  // An implausible report still makes its ball (and counts toward its caps), held for an operator.
  const heldFor = options.demoShortcut ? null : await holdReason(partnerId, body);
  try {
    return await db().$transaction(async (tx) => {
      for (const counter of capCounters(rule, occurredAt, user.timeZone, body.account)) {
        const raised = await tx.$queryRaw<{ count: number }[]>`
          INSERT INTO "ActionCounter" ("userId", type, period, count) VALUES (${user.id}, ${rule.type}, ${counter.period}, 1)
          ON CONFLICT ("userId", type, period) DO UPDATE SET count = "ActionCounter".count + 1
          WHERE "ActionCounter".count < ${counter.cap}
          RETURNING count`;
        if (raised.length === 0) throw new Capped(counter.reason);
      }
      const ball = await createBall(tx, {
        userId: user.id,
        actionType: rule.type,
        grams: decision.grams,
        occurredAt,
        ...(options.demoShortcut ? { times: ripeNow(now), demoShortcut: true } : {}),
        heldFor,
      });
      const answer: ActionAnswer = {
        status: 201,
        body: {
          ballId: ball.id,
          grams: ball.grams,
          ripensAt: ball.ripensAt.toISOString(),
          expiresAt: ball.expiresAt.toISOString(),
          ...(heldFor ? { heldForReview: heldFor } : {}),
        },
      };
      await tx.partnerAction.create({
        data: { partnerId, externalId: body.id, userId: user.id, actionType: body.type, status: "ACCEPTED", grams: ball.grams, ballId: ball.id, responseCode: answer.status, response: answer.body as Prisma.InputJsonObject },
      });
      return answer;
    });
  } catch (failure) {
    if (failure instanceof Capped) {
      return record(partnerId, body, { status: "CAPPED", userId: user.id, reason: failure.reason }, { status: 201, body: { ballId: null, grams: 0, reason: failure.reason } });
    }
    if (isDuplicate(failure)) return applyPartnerAction(partnerId, body, now, options);
    throw failure;
  }
}

function isDuplicate(failure: unknown) {
  return failure instanceof Prisma.PrismaClientKnownRequestError && failure.code === "P2002";
}

async function record(
  partnerId: string,
  body: Pick<ActionBody, "id" | "type">,
  outcome: { status: "REJECTED" | "CAPPED"; userId: string | null; reason: string },
  answer: ActionAnswer,
): Promise<ActionAnswer> {
  try {
    await db().partnerAction.create({
      data: { partnerId, externalId: body.id, userId: outcome.userId, actionType: body.type, status: outcome.status, reason: outcome.reason, responseCode: answer.status, response: answer.body as Prisma.InputJsonObject },
    });
    return answer;
  } catch (failure) {
    if (!isDuplicate(failure)) throw failure;
    const first = await db().partnerAction.findUniqueOrThrow({ where: { partnerId_externalId: { partnerId, externalId: body.id } } });
    return { status: first.responseCode, body: first.response as Record<string, unknown> };
  }
}

/** A request whose body could not be read as an action still shows up for the operator. */
export async function recordMalformedAction(partnerId: string, reason: string, answer: ActionAnswer) {
  await db().partnerAction.create({
    data: { partnerId, externalId: `malformed:${crypto.randomUUID()}`, actionType: "?", status: "REJECTED", reason, responseCode: answer.status, response: answer.body as Prisma.InputJsonObject },
  });
}
