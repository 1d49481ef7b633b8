import type { Prisma } from "@prisma/client";
import { db, reader } from "~/db/client.server";
import { dayText } from "~/payouts/china-days";
import { canonicalJson, firstBreak, linkHash, type ChainBreak } from "~/utils/hash-chain";

// The public log (docs/decisions/033-public-log.md): evidence records, patrols, household-share
// postings and completed payout batches, appended in the transaction that makes them, each row
// chained to the one before. Once a China-time day is over its root (the hash of its last row) is
// sealed and published at /transparency/log with the day's rows, so anyone can hash them again:
// hash = SHA-256(previous row's hash + "\n" + body), body exactly as served.

export type PublicLogKind = "evidence" | "patrol" | "household_share" | "payout_batch" | "trace";

export type PublicLogEvent = {
  kind: PublicLogKind;
  /** What it is about; the same kind and ref is logged once. */
  ref: string;
  /** What anyone may know of it: no names, no registration codes, money as fen strings. */
  data: Record<string, unknown>;
};

/** Every writer holds this lock for the instant of its append, so the log has one order. */
const LOG_LOCK = 4_114_033;

/** A day is sealed this long after it ended, so a transaction that drew its time just before midnight has committed. */
export const SEAL_AFTER_MS = 10 * 60_000;

/**
 * Appends the event in `tx`, the transaction that makes it. Call it last in that transaction: it
 * takes the log's lock, held until commit, after every lock the transaction took.
 */
export async function appendToPublicLog(tx: Prisma.TransactionClient, event: PublicLogEvent): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${LOG_LOCK})`;
  const done = await tx.publicLogEntry.findUnique({ where: { kind_ref: { kind: event.kind, ref: event.ref } }, select: { seq: true } });
  if (done) return;
  const [last] = await tx.$queryRaw<{ seq: number; hash: string }[]>`SELECT seq, hash FROM "PublicLogEntry" ORDER BY seq DESC LIMIT 1`;
  const seq = (last?.seq ?? 0) + 1;
  const at = new Date();
  const day = dayText(at);
  const body = canonicalJson({ seq, at: at.toISOString(), day, kind: event.kind, ref: event.ref, data: event.data });
  const prevHash = last?.hash ?? "";
  await tx.publicLogEntry.create({ data: { seq, at, day: new Date(`${day}T00:00:00Z`), kind: event.kind, ref: event.ref, body, prevHash, hash: linkHash(prevHash, body) } });
}

export type LogRow = { seq: number; prevHash: string; hash: string; body: string };

const asChain = (rows: LogRow[]) => rows.map((row) => ({ seq: String(row.seq), prevHash: row.prevHash, hash: row.hash, text: row.body }));

export type LogBreak = ChainBreak | { seq: string; reason: "root"; day: string };

/**
 * Hashes the whole log again from its first row: null when every row is as written and every sealed
 * root still matches its day's last row; else the first row that does not ("hash": its body changed,
 * "link": the row before it changed or went, "root": the chain was rewritten from some row on, so it
 * no longer ends a sealed day where the root published says).
 */
export async function verifyPublicLog(pageSize = 2_000): Promise<LogBreak | null> {
  const roots = new Map((await db().publicLogRoot.findMany()).map((r) => [r.lastSeq, r]));
  let previous = "";
  let after = 0;
  for (;;) {
    const rows = await db().publicLogEntry.findMany({ where: { seq: { gt: after } }, orderBy: { seq: "asc" }, take: pageSize, select: { seq: true, prevHash: true, hash: true, body: true } });
    const checked = firstBreak(asChain(rows), previous);
    if (checked.broken) return checked.broken;
    for (const row of rows) {
      const root = roots.get(row.seq);
      if (root && root.root !== row.hash) return { seq: String(row.seq), reason: "root", day: root.day.toISOString().slice(0, 10) };
    }
    previous = checked.last;
    if (rows.length < pageSize) return null;
    after = rows[rows.length - 1]!.seq;
  }
}

/** Checks rows as downloaded (one day's, in order): the first that is not as written, or null. */
export function verifyDownloadedRows(rows: LogRow[], root?: string): LogBreak | null {
  if (!rows.length) return null;
  const checked = firstBreak(asChain(rows), rows[0]!.prevHash);
  if (checked.broken) return checked.broken;
  const last = rows[rows.length - 1]!;
  return root && last.hash !== root ? { seq: String(last.seq), reason: "root", day: (JSON.parse(last.body) as { day: string }).day } : null;
}

/** Seals every day that is over and has rows but no root yet, oldest first; how many were sealed. */
export async function sealPublicLog(now = new Date()): Promise<number> {
  const lastOpen = dayText(new Date(now.getTime() - SEAL_AFTER_MS));
  const days = await db().$queryRaw<{ day: Date; first: number; last: number }[]>`
    SELECT e.day, min(e.seq)::int AS first, max(e.seq)::int AS last FROM "PublicLogEntry" e
    WHERE e.day < ${new Date(`${lastOpen}T00:00:00Z`)}::date AND NOT EXISTS (SELECT 1 FROM "PublicLogRoot" r WHERE r.day = e.day)
    GROUP BY e.day ORDER BY e.day`;
  let sealed = 0;
  for (const { day, first, last } of days) {
    const row = await db().publicLogEntry.findUniqueOrThrow({ where: { seq: last }, select: { hash: true } });
    const { count } = await db().publicLogRoot.createMany({ data: [{ day, firstSeq: first, lastSeq: last, root: row.hash }], skipDuplicates: true });
    sealed += count;
  }
  return sealed;
}

export const LOG_DAYS_PAGE = 30;

/** A page of sealed days (page 1 newest), how many pages there are, and the rows appended since the last sealed day. */
export async function publicLogDays(page: number) {
  const [roots, sealedDays, head] = await Promise.all([
    reader().publicLogRoot.findMany({ orderBy: { day: "desc" }, skip: (page - 1) * LOG_DAYS_PAGE, take: LOG_DAYS_PAGE }),
    reader().publicLogRoot.count(),
    reader().publicLogEntry.findFirst({ orderBy: { seq: "desc" }, select: { seq: true, hash: true } }),
  ]);
  const lastSealed = (await reader().publicLogRoot.findFirst({ orderBy: { day: "desc" }, select: { lastSeq: true } }))?.lastSeq ?? 0;
  const openDays = head && head.seq > lastSealed ? await reader().publicLogEntry.groupBy({ by: ["day"], where: { seq: { gt: lastSealed } }, orderBy: { day: "desc" } }) : [];
  return {
    days: roots.map((r) => ({ day: r.day.toISOString().slice(0, 10), rows: r.lastSeq - r.firstSeq + 1, firstSeq: r.firstSeq, lastSeq: r.lastSeq, root: r.root })),
    pages: Math.max(1, Math.ceil(sealedDays / LOG_DAYS_PAGE)),
    open: head && head.seq > lastSealed ? { rows: head.seq - lastSealed, seq: head.seq, hash: head.hash, days: openDays.map((d) => d.day.toISOString().slice(0, 10)) } : null,
  };
}

/** One China-time day's rows, in order, as they are hashed. */
export function publicLogRowsOf(day: string): Promise<LogRow[]> {
  return reader().publicLogEntry.findMany({ where: { day: new Date(`${day}T00:00:00Z`) }, orderBy: { seq: "asc" }, select: { seq: true, prevHash: true, hash: true, body: true } });
}

/** The last rows, newest first, for people reading the log on the page. */
export async function latestPublicLogRows(take = 20) {
  const rows = await reader().publicLogEntry.findMany({ orderBy: { seq: "desc" }, take, select: { seq: true, kind: true, at: true, body: true, hash: true } });
  return rows.map((r) => ({ seq: r.seq, kind: r.kind, at: r.at.toISOString(), data: (JSON.parse(r.body) as { data: Record<string, unknown> }).data, hash: r.hash }));
}
