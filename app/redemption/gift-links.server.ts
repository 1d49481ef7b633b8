import { Prisma, type GiftLink } from "@prisma/client";
import { randomBytes } from "node:crypto";
import { db, type Tx } from "~/db/client.server";
import { lockUsers, writeEntries } from "~/energy/ledger.server";
import { notify, notificationRow } from "~/notifications/notify.server";
import { projectState } from "~/projects/project-state";
import { outboxRow } from "~/queue/jobs.server";
import { Refused } from "~/utils/refused";
import { MAX_QUANTITY } from "./quantity";
import { ARRIVAL_LOCK_CLASS } from "./settle.server";

// A gift for someone who is not a friend yet (docs/decisions/024-gift-links.md). The giver's energy
// moves to escrow behind a link; whoever opens it and accepts becomes the recipient of a redemption
// made at that moment, served in arrival order like any other and paid from that escrow. Unclaimed
// for GIFT_LINK_DAYS, or cancelled by the giver, the energy goes back to the giver's balance.

export const GIFT_LINK_DAYS = 30;

export type GiftLinkRefusal =
  | "project_not_found"
  | "project_not_open"
  | "sold_out"
  | "quantity_out_of_range"
  | "insufficient_energy"
  | "gift_not_found"
  | "own_gift"
  | "already_claimed"
  | "gift_closed";

export class GiftLinkRefused extends Refused<GiftLinkRefusal> {}

const newToken = () => randomBytes(16).toString("base64url");

/**
 * Holds the gift's cost and makes its link. The same idempotency key returns the same link and
 * holds once. Refusals as a redemption's: a project closed or sold out, a quantity out of range,
 * not enough energy.
 */
export async function createGiftLink(giverId: string, input: { projectId: string; quantity: number; message?: string; idempotencyKey: string }): Promise<GiftLink> {
  const existing = await db().giftLink.findUnique({ where: { giverId_idempotencyKey: { giverId, idempotencyKey: input.idempotencyKey } } });
  if (existing) return existing;
  const project = await db().project.findFirst({ where: { OR: [{ id: input.projectId }, { slug: input.projectId }] } });
  if (!project) throw new GiftLinkRefused("project_not_found");
  const max = MAX_QUANTITY[project.kind];
  if (!Number.isInteger(input.quantity) || input.quantity < 1 || input.quantity > max) throw new GiftLinkRefused("quantity_out_of_range", { max });
  const state = projectState(project, new Date());
  if (state === "COMING") throw new GiftLinkRefused("project_not_open");
  if (state === "SOLD_OUT") throw new GiftLinkRefused("sold_out");
  const cost = project.unitCostGrams * input.quantity;
  try {
    return await db().$transaction(async (tx) => {
      const debited = await tx.$executeRaw`UPDATE "User" SET "energyBalance" = "energyBalance" - ${cost} WHERE id = ${giverId} AND "energyBalance" >= ${cost}`;
      if (debited === 0) throw new GiftLinkRefused("insufficient_energy");
      const link = await tx.giftLink.create({
        data: {
          token: newToken(),
          giverId,
          idempotencyKey: input.idempotencyKey,
          projectId: project.id,
          quantity: input.quantity,
          costGrams: cost,
          message: input.message || null,
          expiresAt: new Date(Date.now() + GIFT_LINK_DAYS * 24 * 3600_000),
        },
      });
      await writeEntries(tx, [
        { userId: giverId, account: "BALANCE", kind: "GIFT_HOLD", grams: -cost, idempotencyKey: `gift-hold-out:${link.id}` },
        { userId: giverId, account: "ESCROW", kind: "GIFT_HOLD", grams: cost, idempotencyKey: `gift-hold-in:${link.id}` },
      ]);
      return link;
    });
  } catch (error) {
    // The same form twice at once: the other request made the link.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      return db().giftLink.findUniqueOrThrow({ where: { giverId_idempotencyKey: { giverId, idempotencyKey: input.idempotencyKey } } });
    }
    throw error;
  }
}

/**
 * Accepts a gift: the link closes (a conditional update: of two people accepting at once, one gets
 * it) and a PENDING redemption for the claimer is made from the link's escrow, with its place in
 * line taken under the project's arrival lock, taken first as everywhere. Accepting one's own
 * accepted link again returns the same redemption.
 */
export async function claimGiftLink(claimerId: string, token: string): Promise<{ redemptionId: string }> {
  const found = await db().giftLink.findUnique({ where: { token } });
  if (!found) throw new GiftLinkRefused("gift_not_found");
  if (found.giverId === claimerId) throw new GiftLinkRefused("own_gift");
  return db().$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock_shared(${ARRIVAL_LOCK_CLASS}::int, hashtext(${found.projectId}))`;
    const [link] = await tx.$queryRaw<GiftLink[]>`
      UPDATE "GiftLink" SET status = 'CLAIMED', "claimedById" = ${claimerId}, "closedAt" = now()
      WHERE id = ${found.id} AND status = 'OPEN' AND "expiresAt" > now()
      RETURNING *`;
    if (!link) {
      const now = await tx.giftLink.findUniqueOrThrow({ where: { id: found.id } });
      if (now.status === "CLAIMED" && now.claimedById === claimerId && now.redemptionId) return { redemptionId: now.redemptionId };
      throw new GiftLinkRefused(now.status === "CLAIMED" ? "already_claimed" : "gift_closed");
    }
    const redemption = await tx.redemption.create({
      data: {
        userId: link.giverId,
        projectId: link.projectId,
        quantity: link.quantity,
        costGrams: link.costGrams,
        idempotencyKey: `gift-link:${link.id}`,
        recipientId: claimerId,
        giftMessage: link.message,
      },
    });
    await tx.giftLink.update({ where: { id: link.id }, data: { redemptionId: redemption.id } });
    await tx.outboxEvent.create({ data: outboxRow("redemption.requested", `redemption-${redemption.id}`, { redemptionId: redemption.id, projectId: link.projectId }) });
    await notify(tx, {
      kind: "gift_claimed",
      key: `gift-claimed-${link.id}`,
      to: [link.giverId],
      params: { actorId: claimerId, projectId: link.projectId, units: link.quantity, href: `/gifts/${link.id}` },
    });
    return { redemptionId: redemption.id };
  });
}

/** Gives an open link's energy back: the giver cancelled it. */
export async function cancelGiftLink(giverId: string, id: string): Promise<{ grams: number }> {
  return db().$transaction(async (tx) => {
    const [closed] = await closeLinks(tx, "CANCELLED", Prisma.sql`id = ${id} AND "giverId" = ${giverId}`, 1);
    if (!closed) {
      const link = await tx.giftLink.findFirst({ where: { id, giverId } });
      throw new GiftLinkRefused(link ? "gift_closed" : "gift_not_found");
    }
    return { grams: closed.costGrams };
  });
}

/** The scheduled job: links unclaimed past their time give their energy back, a batch at a time. Returns how many. */
export async function expireGiftLinks(limit = 200): Promise<number> {
  return db().$transaction(async (tx) => (await closeLinks(tx, "EXPIRED", Prisma.sql`"expiresAt" <= now()`, limit)).length);
}

/**
 * Closes open links matching `where` (SKIP LOCKED: a claim in progress keeps its link) and gives
 * each its energy back: out of escrow, into the giver's balance, the giver told.
 */
async function closeLinks(tx: Tx, status: "CANCELLED" | "EXPIRED", where: Prisma.Sql, limit: number) {
  const closed = await tx.$queryRaw<{ id: string; giverId: string; projectId: string; quantity: number; costGrams: number }[]>`
    UPDATE "GiftLink" SET status = ${status}::"GiftLinkStatus", "closedAt" = now()
    WHERE id IN (SELECT id FROM "GiftLink" WHERE status = 'OPEN' AND ${where} ORDER BY "expiresAt" LIMIT ${limit} FOR UPDATE SKIP LOCKED)
    RETURNING id, "giverId", "projectId", quantity, "costGrams"`;
  if (closed.length === 0) return closed;
  await writeEntries(
    tx,
    closed.flatMap((link) => [
      { userId: link.giverId, account: "ESCROW" as const, kind: "GIFT_RELEASE" as const, grams: -link.costGrams, idempotencyKey: `gift-release-out:${link.id}` },
      { userId: link.giverId, account: "BALANCE" as const, kind: "GIFT_RELEASE" as const, grams: link.costGrams, idempotencyKey: `gift-release:${link.id}` },
    ]),
  );
  await lockUsers(tx, [...new Set(closed.map((link) => link.giverId))]);
  await tx.$executeRaw`
    UPDATE "User" u SET "energyBalance" = u."energyBalance" + v.grams
    FROM (SELECT id, SUM(grams)::int AS grams FROM unnest(${closed.map((l) => l.giverId)}::text[], ${closed.map((l) => l.costGrams)}::int[]) AS t(id, grams) GROUP BY id) v
    WHERE u.id = v.id`;
  if (status === "EXPIRED") {
    await tx.outboxEvent.createMany({
      data: closed.map((link) =>
        notificationRow({ kind: "gift_expired", key: `gift-expired-${link.id}`, to: [link.giverId], params: { projectId: link.projectId, grams: link.costGrams, href: `/gifts/${link.id}` } }),
      ),
    });
  }
  return closed;
}

/** A link as its giver sees it (with the link to pass on while it is open), or null. */
export async function giftLinkForGiver(id: string, giverId: string) {
  return db().giftLink.findFirst({
    where: { id, giverId },
    include: { project: { select: { slug: true, kind: true, nameZh: true, nameEn: true } }, claimedBy: { select: { displayName: true } } },
  });
}

/** A link as whoever opens it sees it: who sends what, with which words, and whether it is still open. */
export async function giftLinkByToken(token: string) {
  return db().giftLink.findUnique({
    where: { token },
    include: { project: { select: { slug: true, kind: true, nameZh: true, nameEn: true, countyZh: true, countyEn: true } }, giver: { select: { displayName: true } } },
  });
}
