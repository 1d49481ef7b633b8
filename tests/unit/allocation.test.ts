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
        { id: "a", firstUnit: 4, units: 2 },
        { id: "b", firstUnit: 6, units: 3 },
        { id: "c", firstUnit: 9, units: 0 },
      ],
      allocatedUnits: 9,
    });
  });

  it("gives the request that meets the end of capacity what is left, and nobody after it anything", () => {
    const plan = planAllocation(
      [
        { id: "big", quantity: 5 },
        { id: "small", quantity: 1 },
      ],
      7,
      9,
    );
    expect(plan.outcomes).toEqual([
      { id: "big", firstUnit: 7, units: 2 },
      { id: "small", firstUnit: 9, units: 0 },
    ]);
    expect(plan.allocatedUnits).toBe(9);
  });

  it("never goes past capacity, uses all of it, keeps arrival order and hands out one unbroken run", () => {
    const requests = fc.array(fc.integer({ min: 1, max: 20 }), { minLength: 1, maxLength: 50 });
    fc.assert(
      fc.property(requests, fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 400 }), (quantities, start, room) => {
        const capacity = start + room;
        const pending = quantities.map((quantity, i) => ({ id: String(i), quantity }));
        const { outcomes, allocatedUnits } = planAllocation(pending, start, capacity);
        const demand = quantities.reduce((a, b) => a + b, 0);
        const unbroken = outcomes.every((o, i) => o.firstUnit === (i === 0 ? start : outcomes[i - 1]!.firstUnit + outcomes[i - 1]!.units));
        // Once someone got less than they asked, everyone after them got nothing.
        const firstShort = outcomes.findIndex((o, i) => o.units < quantities[i]!);
        const inOrder = firstShort === -1 || outcomes.slice(firstShort + 1).every((o) => o.units === 0);
        return allocatedUnits === Math.min(capacity, start + demand) && unbroken && inOrder && outcomes.every((o, i) => o.units >= 0 && o.units <= quantities[i]!);
      }),
      { numRuns: 300 },
    );
  });
});
