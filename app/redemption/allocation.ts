/** What one pending redemption gets: `units` from `firstUnit` on (all it asked for, fewer, or none). */
export type Outcome = { id: string; firstUnit: number; units: number };

/**
 * Hands out units strictly in arrival order from `allocatedUnits` up to `capacity`: each
 * redemption gets one contiguous run. The one that meets the end of capacity gets what is left
 * (the rest of its energy is refunded), and everyone after it gets nothing, so nobody is refunded
 * for lack of capacity while someone who came later holds land.
 */
export function planAllocation(pending: { id: string; quantity: number }[], allocatedUnits: number, capacity: number) {
  let next = allocatedUnits;
  const outcomes: Outcome[] = pending.map((redemption) => {
    const units = Math.min(redemption.quantity, Math.max(0, capacity - next));
    const outcome = { id: redemption.id, firstUnit: next, units };
    next += units;
    return outcome;
  });
  return { outcomes, allocatedUnits: next };
}
