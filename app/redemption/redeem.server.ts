import { Prisma, type Redemption } from "@prisma/client";
import { db } from "~/db/client.server";
import { recordOutbox } from "~/queue/outbox.server";
import { projectState } from "~/projects/project-state";

export type RedemptionRefusal = "project_not_found" | "project_not_open" | "sold_out" | "insufficient_energy" | "idempotency_conflict";

export class RedemptionRefused extends Error {
  constructor(readonly reason: RedemptionRefusal) {
    super(reason);
  }
}

export type RedemptionRequest = { userId: string; projectId: string; quantity: number; idempotencyKey: string };

/**
 * Moves the cost from the user's balance to escrow and records a PENDING redemption and its
 * outbox row, all in one transaction. The same idempotency key returns the first redemption.
 */
export async function requestRedemption(request: RedemptionRequest): Promise<Redemption> {
  const existing = await findByKey(request);
  if (existing) return existing;

  const project = await db().project.findFirst({ where: { OR: [{ id: request.projectId }, { slug: request.projectId }] } });
  if (!project) throw new RedemptionRefused("project_not_found");
  const state = projectState(project, new Date());
  if (state === "COMING") throw new RedemptionRefused("project_not_open");
  if (state === "SOLD_OUT") throw new RedemptionRefused("sold_out");
  const costGrams = project.unitCostGrams * request.quantity;

  try {
    return await db().$transaction(async (tx) => {
      const debited = await tx.$executeRaw`
        UPDATE "User" SET "energyBalance" = "energyBalance" - ${costGrams}
        WHERE id = ${request.userId} AND "energyBalance" >= ${costGrams}`;
      if (debited !== 1) throw new RedemptionRefused("insufficient_energy");
      const redemption = await tx.redemption.create({
        data: {
          userId: request.userId,
          projectId: project.id,
          quantity: request.quantity,
          costGrams,
          idempotencyKey: request.idempotencyKey,
        },
      });
      await tx.energyEntry.createMany({
        data: [
          { userId: request.userId, account: "BALANCE", kind: "REDEEM_ESCROW", grams: -costGrams, idempotencyKey: `escrow-out:${redemption.id}`, redemptionId: redemption.id },
          { userId: request.userId, account: "ESCROW", kind: "REDEEM_ESCROW", grams: costGrams, idempotencyKey: `escrow-in:${redemption.id}`, redemptionId: redemption.id },
        ],
      });
      await recordOutbox(tx, "redemption.requested", `redemption-${redemption.id}`, { redemptionId: redemption.id });
      return redemption;
    });
  } catch (error) {
    // A concurrent request with the same key won the insert: answer with its redemption.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      const winner = await findByKey(request);
      if (winner) return winner;
    }
    throw error;
  }
}

async function findByKey(request: RedemptionRequest) {
  const existing = await db().redemption.findUnique({
    where: { userId_idempotencyKey: { userId: request.userId, idempotencyKey: request.idempotencyKey } },
  });
  if (existing && (existing.quantity !== request.quantity || (existing.projectId !== request.projectId && !(await isSlugOf(request.projectId, existing.projectId))))) {
    throw new RedemptionRefused("idempotency_conflict");
  }
  return existing;
}

async function isSlugOf(slug: string, projectId: string) {
  return (await db().project.count({ where: { id: projectId, slug } })) === 1;
}

export async function getRedemption(id: string, viewer: { id: string; role: string }) {
  return db().redemption.findFirst({
    where: viewer.role === "OPERATOR" ? { id } : { id, userId: viewer.id },
    include: { plots: { orderBy: { firstUnit: "asc" } }, project: true },
  });
}

export function redemptionView(redemption: NonNullable<Awaited<ReturnType<typeof getRedemption>>>) {
  return {
    id: redemption.id,
    status: redemption.status,
    projectId: redemption.projectId,
    quantity: redemption.quantity,
    costGrams: redemption.costGrams,
    createdAt: redemption.createdAt.toISOString(),
    ...(redemption.certificateNumber ? { certificateNumber: redemption.certificateNumber } : {}),
    ...(redemption.status === "SETTLED"
      ? { plots: redemption.plots.map((p) => ({ code: p.code, firstUnit: p.firstUnit, unitCount: p.unitCount, status: p.status })) }
      : {}),
    ...(redemption.reason ? { reason: redemption.reason } : {}),
  };
}

export async function listRecentRedemptions(cursor: string | null, pageSize = 25) {
  const rows = await db().redemption.findMany({
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: pageSize + 1,
    ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
    include: { user: { select: { displayName: true, email: true } }, project: { select: { nameZh: true, nameEn: true } } },
  });
  return { rows: rows.slice(0, pageSize), nextCursor: rows.length > pageSize ? rows[pageSize - 1]!.id : null };
}
