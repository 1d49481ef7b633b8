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

  it("never goes past capacity, whatever the requests", () => {
    for (let trial = 0; trial < 200; trial++) {
      const pending = Array.from({ length: 50 }, (_, i) => ({ id: String(i), quantity: 1 + Math.floor(Math.random() * 20) }));
      const capacity = Math.floor(Math.random() * 400);
      const { outcomes, allocatedUnits } = planAllocation(pending, 0, capacity);
      expect(allocatedUnits).toBeLessThanOrEqual(capacity);
      const runs = outcomes.flatMap((o, i) => (o.settled ? [[o.firstUnit, o.firstUnit + pending[i]!.quantity]] : []));
      runs.forEach(([start, end], i) => i > 0 && expect(start).toBe(runs[i - 1]![1]));
      expect(runs.reduce((sum, [start, end]) => sum + end! - start!, 0)).toBe(allocatedUnits);
    }
  });
});
