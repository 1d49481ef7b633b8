// Operators type prices in yuan ("88", "88.5", "88.50"); the system keeps integer fen. Parsing is
// exact (no floating point), and more than two decimals is an error rather than a rounding.

export function parseYuan(text: string): bigint | null {
  const match = text.trim().match(/^(\d{1,9})(?:\.(\d{1,2}))?$/);
  if (!match) return null;
  return BigInt(match[1]!) * 100n + BigInt((match[2] ?? "").padEnd(2, "0"));
}

export function fenToYuanText(fen: bigint): string {
  const sign = fen < 0n ? "-" : "";
  const abs = fen < 0n ? -fen : fen;
  return `${sign}${abs / 100n}.${String(abs % 100n).padStart(2, "0")}`;
}
