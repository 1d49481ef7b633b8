/** What a plot code looks like (prefix, dash, the unit's number): checked before it reaches a query. */
export const PLOT_CODE = /^[A-Z0-9]{2,12}-\d{8,10}$/;

/** Plot codes number units from 1 in the order they were handed out, e.g. SBT-00000042. */
export function plotCode(codePrefix: string, firstUnit: number): string {
  return `${codePrefix}-${String(firstUnit + 1).padStart(8, "0")}`;
}

/**
 * Splits units [firstUnit, firstUnit + quantity) into plots: a forest plot is one tree position,
 * protected land is one contiguous run of 1-m² cells.
 */
export function plotsForAllocation(kind: "FOREST" | "PROTECTED_AREA", firstUnit: number, quantity: number) {
  if (quantity <= 0) return [];
  if (kind === "PROTECTED_AREA") return [{ firstUnit, unitCount: quantity }];
  return Array.from({ length: quantity }, (_, i) => ({ firstUnit: firstUnit + i, unitCount: 1 }));
}
