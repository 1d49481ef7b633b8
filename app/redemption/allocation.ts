export type Outcome = { id: string; settled: true; firstUnit: number } | { id: string; settled: false };

/**
 * Hands out units in request order from `allocatedUnits` up to `capacity`: each redemption gets a
 * contiguous run of units, or nothing (and is refunded) when its quantity no longer fits.
 */
export function planAllocation(pending: { id: string; quantity: number }[], allocatedUnits: number, capacity: number) {
  let next = allocatedUnits;
  const outcomes: Outcome[] = pending.map((redemption) => {
    if (next + redemption.quantity > capacity) return { id: redemption.id, settled: false };
    const firstUnit = next;
    next += redemption.quantity;
    return { id: redemption.id, settled: true, firstUnit };
  });
  return { outcomes, allocatedUnits: next };
}
