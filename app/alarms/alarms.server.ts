import type { Prisma } from "@prisma/client";
import { audit } from "~/audit/audit.server";
import { db, type Tx } from "~/db/client.server";
import { logger } from "~/utils/logger.server";

export type AlarmKind = "payment_mismatch" | "payment_for_unknown_order" | "paid_after_expiry" | "receipt_disputed" | "payout_reversed" | "reversal_of_unknown_transfer" | "replant_overdue";

/**
 * Raises an alarm once per cause (its key), inside the caller's transaction, so it exists exactly
 * when what caused it was recorded. Operators see it on /ops until one of them resolves it.
 */
export async function raiseAlarm(tx: Tx, alarm: { key: string; kind: AlarmKind; orderId?: string | null; detail: Record<string, unknown> }) {
  const created = await tx.alarm.createMany({
    data: [{ key: alarm.key, kind: alarm.kind, orderId: alarm.orderId ?? null, detail: alarm.detail as Prisma.InputJsonObject }],
    skipDuplicates: true,
  });
  if (created.count) logger.warn({ alarm: alarm.kind, key: alarm.key, orderId: alarm.orderId, ...alarm.detail }, "alarm raised");
}

export type AlarmView = { id: string; kind: string; orderId: string | null; detail: Record<string, unknown>; createdAt: string };

export async function openAlarms(limit = 50): Promise<AlarmView[]> {
  const rows = await db().alarm.findMany({ where: { resolvedAt: null }, orderBy: { createdAt: "desc" }, take: limit });
  return rows.map((row) => ({ id: row.id, kind: row.kind, orderId: row.orderId, detail: row.detail as Record<string, unknown>, createdAt: row.createdAt.toISOString() }));
}

/** An operator has dealt with it: once, by whoever clicked first. */
export async function resolveAlarm(id: string, operatorId: string) {
  return db().$transaction(async (tx) => {
    const { count } = await tx.alarm.updateMany({ where: { id, resolvedAt: null }, data: { resolvedAt: new Date(), resolvedBy: operatorId } });
    if (count === 1) await audit(tx, { actorId: operatorId, action: "alarm_resolve", subject: id });
    return count === 1;
  });
}
