import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import { cancelGiftLink, claimGiftLink, createGiftLink, expireGiftLinks } from "~/redemption/gift-links.server";
import { settleProject } from "~/redemption/settle.server";
import { createTestProject, createTestUser, expectLedgerConsistent, ledgerTotals } from "../support/factories";

// Gifts for someone not a friend yet: the giver's energy held behind a link, a redemption for
// whoever accepts it, and the energy back when nobody does in time or the giver takes it back.

async function setUp(grams = 5_000) {
  const giver = await createTestUser({ grams });
  const project = await createTestProject({ capacity: 10, unitCostGrams: 1_000 });
  return { giver, project };
}

const balanceOf = async (userId: string) => (await db().user.findUniqueOrThrow({ where: { id: userId } })).energyBalance;

describe("gift links", () => {
  it("holds the energy once per form, and a stranger who accepts holds the plot, paid from that hold", async () => {
    const { giver, project } = await setUp();
    const key = randomUUID();
    const [link, again] = await Promise.all([
      createGiftLink(giver.id, { projectId: project.id, quantity: 2, message: "For your garden", idempotencyKey: key }),
      createGiftLink(giver.id, { projectId: project.id, quantity: 2, message: "For your garden", idempotencyKey: key }),
    ]);
    expect(again.id).toBe(link.id);
    expect(await balanceOf(giver.id)).toBe(3_000);
    expect(await ledgerTotals(giver.id)).toEqual({ balance: 3_000, escrow: 2_000 });
    await expectLedgerConsistent();

    const stranger = await createTestUser();
    const { redemptionId } = await claimGiftLink(stranger.id, link.token);
    // Accepting again is the same gift, not a second one.
    expect(await claimGiftLink(stranger.id, link.token)).toEqual({ redemptionId });
    await settleProject(project.id);
    const redemption = await db().redemption.findUniqueOrThrow({ where: { id: redemptionId }, include: { plots: true } });
    expect(redemption).toMatchObject({ status: "SETTLED", userId: giver.id, recipientId: stranger.id, giftMessage: "For your garden", grantedUnits: 2 });
    expect(redemption.plots.every((plot) => plot.holderId === stranger.id)).toBe(true);
    // The hold became the trees: nothing left in escrow, nothing more taken from the balance.
    expect(await ledgerTotals(giver.id)).toEqual({ balance: 3_000, escrow: 0 });
    expect(await db().giftLink.findUniqueOrThrow({ where: { id: link.id } })).toMatchObject({ status: "CLAIMED", claimedById: stranger.id, redemptionId });
    // The giver hears who accepted it; the recipient, of the gift itself.
    expect(await db().outboxEvent.count({ where: { jobKey: `notify-gift-claimed-${link.id}` } })).toBe(1);
    expect(await db().outboxEvent.count({ where: { jobKey: `notify-gift-${redemptionId}` } })).toBe(1);
    await expectLedgerConsistent();
  });

  it("lets one of two people accepting at once have it, and never the giver", async () => {
    const { giver, project } = await setUp();
    const link = await createGiftLink(giver.id, { projectId: project.id, quantity: 1, idempotencyKey: randomUUID() });
    await expect(claimGiftLink(giver.id, link.token)).rejects.toMatchObject({ code: "own_gift" });
    const [a, b] = [await createTestUser(), await createTestUser()];
    const results = await Promise.allSettled([claimGiftLink(a.id, link.token), claimGiftLink(b.id, link.token)]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(results.flatMap((r) => (r.status === "rejected" ? [(r.reason as { code: string }).code] : []))).toEqual(["already_claimed"]);
    expect(await db().redemption.count({ where: { idempotencyKey: `gift-link:${link.id}` } })).toBe(1);
    await expect(claimGiftLink(a.id, "not-a-token-at-all")).rejects.toMatchObject({ code: "gift_not_found" });
  });

  it("gives the energy back when the giver takes the gift back, once, and the link stops working", async () => {
    const { giver, project } = await setUp();
    const link = await createGiftLink(giver.id, { projectId: project.id, quantity: 3, idempotencyKey: randomUUID() });
    expect(await balanceOf(giver.id)).toBe(2_000);
    const [first, second] = await Promise.allSettled([cancelGiftLink(giver.id, link.id), cancelGiftLink(giver.id, link.id)]);
    expect([first.status, second.status].sort()).toEqual(["fulfilled", "rejected"]);
    expect(await balanceOf(giver.id)).toBe(5_000);
    expect(await ledgerTotals(giver.id)).toEqual({ balance: 5_000, escrow: 0 });
    await expect(claimGiftLink((await createTestUser()).id, link.token)).rejects.toMatchObject({ code: "gift_closed" });
    // Nobody else can take someone's gift back.
    const other = await createGiftLink(giver.id, { projectId: project.id, quantity: 1, idempotencyKey: randomUUID() });
    await expect(cancelGiftLink((await createTestUser()).id, other.id)).rejects.toMatchObject({ code: "gift_not_found" });
    await expectLedgerConsistent();
  });

  it("gives the energy back for a link nobody accepted in 30 days, and tells the giver", async () => {
    const { giver, project } = await setUp();
    const link = await createGiftLink(giver.id, { projectId: project.id, quantity: 2, idempotencyKey: randomUUID() });
    const fresh = await createGiftLink(giver.id, { projectId: project.id, quantity: 1, idempotencyKey: randomUUID() });
    await db().giftLink.update({ where: { id: link.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await expireGiftLinks()).toBeGreaterThanOrEqual(1);
    expect(await db().giftLink.findUniqueOrThrow({ where: { id: link.id } })).toMatchObject({ status: "EXPIRED" });
    expect(await db().giftLink.findUniqueOrThrow({ where: { id: fresh.id } })).toMatchObject({ status: "OPEN" });
    expect(await balanceOf(giver.id)).toBe(4_000);
    expect(await db().outboxEvent.count({ where: { jobKey: `notify-gift-expired-${link.id}` } })).toBe(1);
    await expect(claimGiftLink((await createTestUser()).id, link.token)).rejects.toMatchObject({ code: "gift_closed" });
    // Run again: nothing more comes back.
    await expireGiftLinks();
    expect(await balanceOf(giver.id)).toBe(4_000);
    await expectLedgerConsistent();
  });

  it("refuses a gift the giver cannot pay for, or of a quantity out of range, holding nothing", async () => {
    const { giver, project } = await setUp(1_500);
    await expect(createGiftLink(giver.id, { projectId: project.id, quantity: 2, idempotencyKey: randomUUID() })).rejects.toMatchObject({ code: "insufficient_energy" });
    await expect(createGiftLink(giver.id, { projectId: project.id, quantity: 0, idempotencyKey: randomUUID() })).rejects.toMatchObject({ code: "quantity_out_of_range" });
    expect(await balanceOf(giver.id)).toBe(1_500);
    expect(await db().giftLink.count({ where: { giverId: giver.id } })).toBe(0);
  });
});
