import { createHash } from "node:crypto";

// Hash chains (the operators' audit trail, the public log): each row's hash covers its own text
// and the hash of the row before, so a row changed afterwards breaks the chain from there on.

/** SHA-256 (hex) of the previous row's hash, a newline, and this row's text. The first row's previous is "". */
export function linkHash(previous: string, text: string): string {
  return createHash("sha256").update(`${previous}\n${text}`).digest("hex");
}

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/** JSON with object keys sorted, so a value hashes the same however it was built or stored (jsonb reorders keys). */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item)).join(",")}]`;
  const record = value as Record<string, Json>;
  return `{${Object.keys(record)
    .sort()
    .filter((key) => record[key] !== undefined)
    .map((key) => `${JSON.stringify(key)}:${canonicalJson(record[key])}`)
    .join(",")}}`;
}

export type ChainRow = { seq: string; prevHash: string; hash: string; text: string };
export type ChainBreak = { seq: string; reason: "hash" | "link" };

/**
 * The first row of `rows` (in order) that is not as written, or null: its own text changed
 * ("hash"), or the row before it changed or went ("link"). `previous` is the hash before the first.
 */
export function firstBreak(rows: Iterable<ChainRow>, previous: string): { broken: ChainBreak | null; last: string } {
  for (const row of rows) {
    if (row.prevHash !== previous) return { broken: { seq: row.seq, reason: "link" }, last: previous };
    if (linkHash(previous, row.text) !== row.hash) return { broken: { seq: row.seq, reason: "hash" }, last: previous };
    previous = row.hash;
  }
  return { broken: null, last: previous };
}
