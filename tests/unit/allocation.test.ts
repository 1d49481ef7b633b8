import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { planAllocation } from "~/redemption/allocation";

describe("planAllocation", () => {
  it("hands out contiguous runs in order until capacity runs out", () => {
    const plan = planAllocation(
      [
        { id: "a", quantity: 2 },
        { id: "b", quantity: 3 },
        { id: "c", quantity: 1 },
      ],
      4,
      9,
    );
    expect(plan).toEqual({
      outcomes: [
        { id: "a", settled: true, firstUnit: 4 },
        { id: "b", settled: true, firstUnit: 6 },
        { id: "c", settled: false },
      ],
      allocatedUnits: 9,
    });
  });

  it("refunds a request that no longer fits but serves a smaller one after it", () => {
    const plan = planAllocation(
      [
        { id: "big", quantity: 5 },
        { id: "small", quantity: 1 },
      ],
      7,
      9,
    );
    expect(plan.outcomes).toEqual([
      { id: "big", settled: false },
      { id: "small", settled: true, firstUnit: 7 },
    ]);
    expect(plan.allocatedUnits).toBe(8);
  });

  it("never goes past capacity, whatever the requests, and hands out one unbroken run", () => {
    const requests = fc.array(fc.integer({ min: 1, max: 20 }), { minLength: 1, maxLength: 50 });
    fc.assert(
      fc.property(requests, fc.integer({ min: 0, max: 400 }), (quantities, capacity) => {
        const pending = quantities.map((quantity, i) => ({ id: String(i), quantity }));
        const { outcomes, allocatedUnits } = planAllocation(pending, 0, capacity);
        const runs = outcomes.flatMap((o, i) => (o.settled ? [[o.firstUnit, o.firstUnit + pending[i]!.quantity] as const] : []));
        const unbroken = runs.every(([start], i) => i === 0 || start === runs[i - 1]![1]);
        return allocatedUnits <= capacity && unbroken && runs.reduce((sum, [start, end]) => sum + end - start, 0) === allocatedUnits;
      }),
      { numRuns: 200 },
    );
  });
});
