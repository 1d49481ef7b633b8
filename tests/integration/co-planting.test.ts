import { afterEach, describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import { findCertificate } from "~/redemption/certificates.server";
import { settleProject } from "~/redemption/settle.server";
import { contribute, createTeam, disbandExpiredTeams, getTeam, joinTeam, leaveTeam, TEAM_RULES, TeamRefused } from "~/redemption/teams.server";
import { createTestProject, createTestUser, expectLedgerConsistent, ledgerTotals, makeFriends } from "../support/factories";

afterEach(expectLedgerConsistent);

async function team(cost: number, capacity = 10) {
  const project = await createTestProject({ capacity, unitCostGrams: cost });
  const creator = await createTestUser({ grams: 5_000 });
  const friend = await createTestUser({ grams: 5_000 });
  await makeFriends(creator.id, friend.id);
  const created = await createTeam(creator.id, { projectId: project.id, name: "Sand fighters" });
  return { project, creator, friend, team: created };
}

describe("co-planting", () => {
  it("pools energy until the cost is reached, then redeems for the team with every member on the certificate", async () => {
    const { project, creator, friend, team: t } = await team(3_000);
    const stranger = await createTestUser({ grams: 5_000 });
    await expect(joinTeam(stranger.id, t.id, t.inviteToken)).rejects.toEqual(new TeamRefused("not_friends"));
    // Without the invite from the team's link, the team is not there, even for a friend.
    await expect(joinTeam(friend.id, t.id, undefined)).rejects.toEqual(new TeamRefused("team_not_found"));
    await expect(joinTeam(friend.id, t.id, "WRONGWRONG22")).rejects.toEqual(new TeamRefused("team_not_found"));
    await joinTeam(friend.id, t.id, t.inviteToken);
    await expect(joinTeam(friend.id, t.id, t.inviteToken)).rejects.toMatchObject({ reason: "already_member" });
    await expect(contribute(stranger.id, t.id, 100)).rejects.toMatchObject({ reason: "not_member" });

    expect(await contribute(creator.id, t.id, 1_800)).toMatchObject({ grams: 1_800, pooledGrams: 1_800, full: false });
    // Only what the pool still needs is taken.
    expect(await contribute(friend.id, t.id, 2_000)).toMatchObject({ grams: 1_200, pooledGrams: 3_000, full: true });
    await expect(contribute(friend.id, t.id, 10)).rejects.toMatchObject({ reason: "team_closed" });
    expect(await ledgerTotals(friend.id)).toEqual({ balance: 3_800, escrow: 1_200 });

    expect(await settleProject(project.id)).toEqual({ settled: 1, refunded: 0 });
    expect(await ledgerTotals(creator.id)).toEqual({ balance: 3_200, escrow: 0 });
    expect(await ledgerTotals(friend.id)).toEqual({ balance: 3_800, escrow: 0 });
    const redemption = await db().redemption.findUniqueOrThrow({ where: { teamId: t.id } });
    const certificate = await findCertificate(redemption.certificateNumber!);
    expect(certificate?.team).toEqual({ name: "Sand fighters", members: [creator.displayName, friend.displayName] });
  });

  it("shows a team to its members and to people holding its invite link only", async () => {
    const { creator, friend, team: t } = await team(3_000);
    const stranger = await createTestUser();
    expect(t.inviteToken).toMatch(/^[2-9A-HJ-NP-TV-Z]{12}$/);
    // A member sees it, with the invite to pass on; nobody else does without the link.
    expect(await getTeam(t.id, { userId: creator.id })).toMatchObject({ name: "Sand fighters", inviteToken: t.inviteToken });
    for (const viewer of [friend, stranger]) expect(await getTeam(t.id, { userId: viewer.id })).toBeNull();
    expect(await getTeam(t.id, { userId: stranger.id, invite: "23456789ABCD" })).toBeNull();
    // With the link (typed in lower case, even), they see the members and the pool, not the invite.
    const seen = await getTeam(t.id, { userId: stranger.id, invite: t.inviteToken.toLowerCase() });
    expect(seen).toMatchObject({ name: "Sand fighters", members: [{ displayName: creator.displayName }], inviteToken: null });
  });

  it("holds each member to the daily cap, even when contributions race", async () => {
    const { creator, team: t } = await team(10_000);
    const results = await Promise.allSettled(Array.from({ length: 10 }, () => contribute(creator.id, t.id, 500)));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(TEAM_RULES.dailyCapPerMember / 500);
    expect((await db().team.findUniqueOrThrow({ where: { id: t.id } })).pooledGrams).toBe(TEAM_RULES.dailyCapPerMember);
  });

  it("gives energy back to a member who leaves, and to everyone when the team times out", async () => {
    const { creator, friend, team: t } = await team(3_000);
    await joinTeam(friend.id, t.id, t.inviteToken);
    await contribute(creator.id, t.id, 1_000);
    await contribute(friend.id, t.id, 700);
    expect(await leaveTeam(friend.id, t.id)).toEqual({ refunded: 700 });
    expect(await ledgerTotals(friend.id)).toEqual({ balance: 5_000, escrow: 0 });
    expect((await db().team.findUniqueOrThrow({ where: { id: t.id } })).pooledGrams).toBe(1_000);

    await db().team.update({ where: { id: t.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await disbandExpiredTeams()).toBe(1);
    expect(await disbandExpiredTeams()).toBe(0);
    expect(await ledgerTotals(creator.id)).toEqual({ balance: 5_000, escrow: 0 });
    expect((await db().team.findUniqueOrThrow({ where: { id: t.id } })).status).toBe("DISBANDED");
  });

  it("refunds every member when capacity ran out before the team's redemption settled", async () => {
    const { project, creator, friend, team: t } = await team(1_000, 1);
    await joinTeam(friend.id, t.id, t.inviteToken);
    await db().project.update({ where: { id: project.id }, data: { allocatedUnits: 1 } });
    await contribute(creator.id, t.id, 600);
    await contribute(friend.id, t.id, 400);
    expect(await settleProject(project.id)).toEqual({ settled: 0, refunded: 1 });
    expect(await ledgerTotals(creator.id)).toEqual({ balance: 5_000, escrow: 0 });
    expect(await ledgerTotals(friend.id)).toEqual({ balance: 5_000, escrow: 0 });
    expect((await db().team.findUniqueOrThrow({ where: { id: t.id } })).status).toBe("DISBANDED");
  });
});
