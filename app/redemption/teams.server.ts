import { outboxRow } from "~/queue/jobs.server";
import { randomUUID, timingSafeEqual } from "node:crypto";
import { db, type Tx } from "~/db/client.server";
import { areFriends } from "~/energy/friends.server";
import { lockUsers } from "~/energy/ledger.server";
import { localDay } from "~/energy/local-time";
import { projectState } from "~/projects/project-state";
import { holdPlaceInLine } from "./settle.server";
import { Refused } from "~/utils/refused";
import { shortCode } from "~/utils/short-code";

// Ours: how much one member may put into a team's pool a day, and how long a team may take.
export const TEAM_RULES = { dailyCapPerMember: 2_000, lifetimeDays: 7 };

export type TeamRefusal =
  | "project_not_found"
  | "project_not_open"
  | "team_not_found"
  | "not_friends"
  | "already_member"
  | "not_member"
  | "team_closed"
  | "invalid_amount"
  | "daily_cap"
  | "insufficient_energy";

export class TeamRefused extends Refused<TeamRefusal> {}

/** A team for one unit (a tree, or 1 m²) of a project; its creator is its first member. */
export async function createTeam(creatorId: string, input: { projectId: string; name: string }) {
  const project = await db().project.findFirst({ where: { OR: [{ id: input.projectId }, { slug: input.projectId }] } });
  if (!project) throw new TeamRefused("project_not_found");
  const state = projectState(project, new Date());
  if (state === "COMING" || state === "SOLD_OUT") throw new TeamRefused("project_not_open");
  return db().$transaction(async (tx) => {
    const team = await tx.team.create({
      data: {
        projectId: project.id,
        name: input.name,
        creatorId,
        targetGrams: project.unitCostGrams,
        expiresAt: new Date(Date.now() + TEAM_RULES.lifetimeDays * 86_400_000),
        inviteToken: shortCode(TEAM_INVITE_LENGTH),
        members: { create: { userId: creatorId } },
      },
    });
    await tx.activity.create({ data: { userId: creatorId, kind: "JOINED_TEAM", detail: team.name } });
    return team;
  });
}

/**
 * Friends of the team's creator who hold its invite link may join while it is open. A wrong or
 * missing invite is answered as a team that does not exist: the link is what makes a team visible.
 */
export async function joinTeam(userId: string, teamId: string, invite: string | undefined) {
  const team = await db().team.findUnique({ where: { id: teamId } });
  if (!team || !sameInvite(team.inviteToken, invite)) throw new TeamRefused("team_not_found");
  if (team.status !== "OPEN") throw new TeamRefused("team_closed");
  if (team.creatorId !== userId && !(await areFriends(userId, team.creatorId))) throw new TeamRefused("not_friends");
  await db().$transaction(async (tx) => {
    const created = await tx.teamMember.createMany({ data: [{ teamId, userId }], skipDuplicates: true });
    if (created.count === 0) throw new TeamRefused("already_member");
    await tx.activity.create({ data: { userId, kind: "JOINED_TEAM", detail: team.name } });
  });
}

type LockedTeam = { id: string; projectId: string; creatorId: string; status: string; targetGrams: number; pooledGrams: number };

async function lockTeam(tx: Tx, teamId: string) {
  const [team] = await tx.$queryRaw<LockedTeam[]>`
    SELECT id, "projectId", "creatorId", status, "targetGrams", "pooledGrams" FROM "Team" WHERE id = ${teamId} FOR UPDATE`;
  if (!team) throw new TeamRefused("team_not_found");
  return team;
}

/**
 * A member puts energy into the pool (never more than it still needs, nor more than the daily cap).
 * The team row is locked for the decision; the contribution that fills the pool records the team's
 * redemption and its outbox row in the same transaction, and the settlement worker takes it from there.
 */
export async function contribute(userId: string, teamId: string, grams: number) {
  if (!Number.isInteger(grams) || grams < 1) throw new TeamRefused("invalid_amount");
  return db().$transaction(async (tx) => {
    const team = await lockTeam(tx, teamId);
    if (team.status !== "OPEN") throw new TeamRefused("team_closed");
    const member = await tx.teamMember.findUnique({ where: { teamId_userId: { teamId, userId } } });
    if (!member) throw new TeamRefused("not_member");
    // This contribution may fill the pool and record the team's redemption: its place in line is
    // taken under the arrival lock, before the member's row is locked (the order requests use).
    await holdPlaceInLine(tx, team.projectId);
    const take = Math.min(grams, team.targetGrams - team.pooledGrams);
    const user = await tx.user.findUniqueOrThrow({ where: { id: userId }, select: { timeZone: true } });
    const day = localDay(new Date(), user.timeZone);
    const raised = await tx.$queryRaw<{ grams: number }[]>`
      INSERT INTO "TeamDay" ("teamId", "userId", day, grams) VALUES (${teamId}, ${userId}, ${day}, ${take})
      ON CONFLICT ("teamId", "userId", day) DO UPDATE SET grams = "TeamDay".grams + ${take}
      WHERE "TeamDay".grams + ${take} <= ${TEAM_RULES.dailyCapPerMember}
      RETURNING grams`;
    if (raised.length === 0 || take > TEAM_RULES.dailyCapPerMember) throw new TeamRefused("daily_cap");
    const debited = await tx.$executeRaw`
      UPDATE "User" SET "energyBalance" = "energyBalance" - ${take} WHERE id = ${userId} AND "energyBalance" >= ${take}`;
    if (debited !== 1) throw new TeamRefused("insufficient_energy");
    const entryId = randomUUID();
    await tx.energyEntry.createMany({
      data: [
        { userId, account: "BALANCE", kind: "POOL", grams: -take, idempotencyKey: `pool-out:${entryId}` },
        { userId, account: "ESCROW", kind: "POOL", grams: take, idempotencyKey: `pool-in:${entryId}` },
      ],
    });
    await tx.teamMember.update({ where: { teamId_userId: { teamId, userId } }, data: { pooledGrams: { increment: take } } });
    const pooled = team.pooledGrams + take;
    const full = pooled === team.targetGrams;
    await tx.team.update({ where: { id: teamId }, data: { pooledGrams: pooled, ...(full ? { status: "REDEEMED" } : {}) } });
    if (full) {
      const redemption = await tx.redemption.create({
        data: { userId: team.creatorId, projectId: team.projectId, quantity: 1, costGrams: team.targetGrams, idempotencyKey: `team:${teamId}`, teamId },
      });
      await tx.outboxEvent.create({ data: outboxRow("redemption.requested", `redemption-${redemption.id}`, { redemptionId: redemption.id, projectId: team.projectId }) });
    }
    return { grams: take, pooledGrams: pooled, targetGrams: team.targetGrams, full };
  });
}

/** Returns a member's pooled energy to their balance, inside the caller's transaction. */
async function refundMember(tx: Tx, teamId: string, userId: string, grams: number, reason: string) {
  if (grams > 0) {
    await tx.energyEntry.createMany({
      data: [
        { userId, account: "ESCROW", kind: "POOL", grams: -grams, idempotencyKey: `pool-refund-out:${teamId}:${userId}:${reason}` },
        { userId, account: "BALANCE", kind: "POOL", grams, idempotencyKey: `pool-refund-in:${teamId}:${userId}:${reason}` },
      ],
    });
    await tx.user.update({ where: { id: userId }, data: { energyBalance: { increment: grams } } });
  }
}

/** A member leaves an open team and gets their energy back; an empty team is disbanded. */
export async function leaveTeam(userId: string, teamId: string) {
  return db().$transaction(async (tx) => {
    const team = await lockTeam(tx, teamId);
    if (team.status !== "OPEN") throw new TeamRefused("team_closed");
    const member = await tx.teamMember.findUnique({ where: { teamId_userId: { teamId, userId } } });
    if (!member) throw new TeamRefused("not_member");
    await refundMember(tx, teamId, userId, member.pooledGrams, `left-${member.joinedAt.getTime()}`);
    await tx.teamMember.delete({ where: { teamId_userId: { teamId, userId } } });
    const remaining = await tx.teamMember.count({ where: { teamId } });
    await tx.team.update({
      where: { id: teamId },
      data: { pooledGrams: { decrement: member.pooledGrams }, ...(remaining === 0 ? { status: "DISBANDED" } : {}) },
    });
    return { refunded: member.pooledGrams };
  });
}

/** Teams that ran out of time give every member's energy back. Returns how many were disbanded. */
export async function disbandExpiredTeams(now = new Date(), limit = 100) {
  return db().$transaction(async (tx) => {
    const expired = await tx.$queryRaw<{ id: string }[]>`
      SELECT id FROM "Team" WHERE status = 'OPEN' AND "expiresAt" <= ${now} ORDER BY "expiresAt" LIMIT ${limit} FOR UPDATE SKIP LOCKED`;
    const allMembers = await tx.teamMember.findMany({ where: { teamId: { in: expired.map((team) => team.id) } } });
    await lockUsers(tx, [...new Set(allMembers.map((member) => member.userId))]);
    for (const { id } of expired) {
      const members = allMembers.filter((member) => member.teamId === id);
      for (const member of members) await refundMember(tx, id, member.userId, member.pooledGrams, "expired");
      await tx.team.update({ where: { id }, data: { status: "DISBANDED" } });
    }
    return expired.length;
  });
}

/** 12 symbols of a 30-letter alphabet (~59 bits): not guessable, short enough to read out. */
export const TEAM_INVITE_LENGTH = 12;

function sameInvite(token: string, invite: string | undefined) {
  const given = Buffer.from((invite ?? "").trim().toUpperCase());
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/**
 * A team as its viewer may see it: members see it (with the invite to pass on), anyone else only
 * with the invite from its link; otherwise null, as for a team that does not exist.
 */
export async function getTeam(teamId: string, viewer: { userId: string; invite?: string }) {
  const team = await db().team.findUnique({
    where: { id: teamId },
    include: {
      project: { select: { slug: true, kind: true, nameZh: true, nameEn: true } },
      members: { orderBy: { joinedAt: "asc" } },
      redemption: { select: { id: true, status: true, certificateNumber: true } },
    },
  });
  if (!team) return null;
  const member = team.members.some((m) => m.userId === viewer.userId);
  if (!member && !sameInvite(team.inviteToken, viewer.invite)) return null;
  const users = await db().user.findMany({ where: { id: { in: team.members.map((m) => m.userId) } }, select: { id: true, displayName: true } });
  return {
    id: team.id,
    name: team.name,
    status: team.status,
    creatorId: team.creatorId,
    targetGrams: team.targetGrams,
    pooledGrams: team.pooledGrams,
    expiresAt: team.expiresAt.toISOString(),
    project: team.project,
    members: team.members.map((m) => ({ userId: m.userId, displayName: users.find((u) => u.id === m.userId)?.displayName ?? "?", pooledGrams: m.pooledGrams })),
    redemption: team.redemption,
    // Only members pass the link on.
    inviteToken: member ? team.inviteToken : null,
  };
}

export async function listMyTeams(userId: string) {
  const memberships = await db().teamMember.findMany({ where: { userId }, select: { teamId: true } });
  return db().team.findMany({
    where: { id: { in: memberships.map((m) => m.teamId) } },
    orderBy: { createdAt: "desc" },
    include: { project: { select: { nameZh: true, nameEn: true } } },
  });
}
