import type { Prisma } from "@prisma/client";
import { db } from "~/db/client.server";
import { canonicalJson, firstBreak, linkHash, type ChainBreak } from "~/utils/hash-chain";
import type { AuditAction } from "./actions";

// The operators' audit trail (docs/decisions/021-audit-trail.md): every operator decision writes
// one AuditEvent in the transaction that makes it, so there is no decision without its event and
// no event for a decision that rolled back. Rows are append-only (a trigger refuses UPDATE and
// DELETE) and chained: each row's hash covers its own fields and the hash of the row before, so a
// row changed afterwards, by anyone who got past the trigger, breaks the chain from that row on,
// and verifyAuditChain() names it.

export type AuditEventInput = {
  actorId: string;
  action: AuditAction;
  /** What it is about: a user, batch, order, project… id. */
  subject: string;
  /** What was decided, for people reading the trail (amounts as strings, reasons, counts). */
  details?: Record<string, string | number | boolean | null>;
};

/** Every writer holds this lock for the instant of its append, so the chain has one order. */
const CHAIN_LOCK = 4_114_021;

type Chained = { seq: bigint; at: Date; actorId: string; action: string; subject: string; details: Prisma.JsonValue };

/** The text of a row that its hash covers: its fields in a fixed order. */
const chainText = (row: Chained) => JSON.stringify([String(row.seq), row.at.toISOString(), row.actorId, row.action, row.subject, canonicalJson(row.details)]);

/** The hash of a row: its fields and the previous row's hash. */
export const chainHash = (previous: string, row: Chained) => linkHash(previous, chainText(row));

/**
 * Appends the event in `tx`, the transaction that makes the decision. Call it last in that
 * transaction: it takes the chain's lock, held until commit, after every lock the decision took.
 */
export async function audit(tx: Prisma.TransactionClient, event: AuditEventInput): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${CHAIN_LOCK})`;
  const [last] = await tx.$queryRaw<{ hash: string }[]>`SELECT hash FROM "AuditEvent" ORDER BY seq DESC LIMIT 1`;
  // The row's number is part of what its hash covers, so it is drawn before the row is written.
  const [next] = await tx.$queryRaw<{ seq: bigint }[]>`SELECT nextval(pg_get_serial_sequence('"AuditEvent"', 'seq')) AS seq`;
  const seq = next!.seq;
  const at = new Date();
  const details = (event.details ?? {}) as Prisma.JsonObject;
  const prevHash = last?.hash ?? "";
  const hash = chainHash(prevHash, { seq, at, actorId: event.actorId, action: event.action, subject: event.subject, details });
  await tx.auditEvent.create({ data: { seq, at, actorId: event.actorId, action: event.action, subject: event.subject, details, prevHash, hash } });
}

/** The same, in a transaction of its own: for a decision whose only write is the event (a reconciliation asked for). */
export async function auditAlone(event: AuditEventInput): Promise<void> {
  await db().$transaction((tx) => audit(tx, event));
}

/**
 * Recomputes the chain from the first row: null when every row is as written, else the first row
 * that is not (its own fields changed: "hash"; the row before it changed or went: "link").
 */
export async function verifyAuditChain(pageSize = 2_000): Promise<ChainBreak | null> {
  let previous = "";
  let after = -1n;
  for (;;) {
    const rows = await db().auditEvent.findMany({ where: { seq: { gt: after } }, orderBy: { seq: "asc" }, take: pageSize });
    const checked = firstBreak(
      rows.map((row) => ({ seq: String(row.seq), prevHash: row.prevHash, hash: row.hash, text: chainText(row) })),
      previous,
    );
    if (checked.broken) return checked.broken;
    previous = checked.last;
    if (rows.length < pageSize) return null;
    after = rows[rows.length - 1]!.seq;
  }
}

export const AUDIT_PAGE = 50;

export type AuditFilter = { action?: AuditAction; actorEmail?: string; from?: Date; to?: Date };

/** A page of the trail (page 1 newest), with who did each thing, and how many pages the filter has. */
export async function listAudit(filter: AuditFilter, page: number) {
  const actor = filter.actorEmail ? await db().user.findUnique({ where: { email: filter.actorEmail.toLowerCase() }, select: { id: true } }) : null;
  if (filter.actorEmail && !actor) return { events: [], pages: 0 };
  const where: Prisma.AuditEventWhereInput = {
    ...(filter.action ? { action: filter.action } : {}),
    ...(actor ? { actorId: actor.id } : {}),
    ...(filter.from || filter.to ? { at: { ...(filter.from ? { gte: filter.from } : {}), ...(filter.to ? { lt: filter.to } : {}) } } : {}),
  };
  const [events, total] = await Promise.all([
    db().auditEvent.findMany({
      where,
      orderBy: { seq: "desc" },
      skip: (page - 1) * AUDIT_PAGE,
      take: AUDIT_PAGE,
      include: { actor: { select: { displayName: true, email: true } } },
    }),
    db().auditEvent.count({ where }),
  ]);
  return {
    events: events.map((event) => ({
      seq: String(event.seq),
      at: event.at.toISOString(),
      actor: event.actor.displayName,
      actorEmail: event.actor.email,
      action: event.action,
      subject: event.subject,
      details: event.details as Record<string, string | number | boolean | null>,
      hash: event.hash,
    })),
    pages: Math.ceil(total / AUDIT_PAGE),
  };
}
