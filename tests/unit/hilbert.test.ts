import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { hilbertCell, hilbertIndex } from "~/projects/hilbert";

describe("the Hilbert curve the layout numbers cells along", () => {
  it("visits every cell of a small grid exactly once, and finds each cell's step again", () => {
    const order = 4;
    const seen = new Set<string>();
    const lost: number[] = [];
    for (let d = 0; d < 4 ** order; d++) {
      const { x, y } = hilbertCell(order, d);
      if (x < 0 || y < 0 || x >= 2 ** order || y >= 2 ** order || hilbertIndex(order, x, y) !== d) lost.push(d);
      seen.add(`${x},${y}`);
    }
    expect(lost).toEqual([]);
    expect(seen.size).toBe(4 ** order);
  });

  it("finds each cell's step again on a launch-sized grid", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4 ** 14 - 1 }), (d) => {
        const { x, y } = hilbertCell(14, d);
        return hilbertIndex(14, x, y) === d;
      }),
      { numRuns: 2_000 },
    );
  });

  it("makes every run of consecutive cells one connected, compact shape", () => {
    const order = 13; // 8192 × 8192 cells: Guanba's grid
    const run = fc.integer({ min: 8, max: 407 }).chain((count) => fc.record({ count: fc.constant(count), first: fc.integer({ min: 0, max: 4 ** order - count }) }));
    fc.assert(
      fc.property(run, ({ count, first }) => {
        const cells = Array.from({ length: count }, (_, i) => hilbertCell(order, first + i));
        const adjacent = cells.every((c, i) => i === 0 || Math.abs(c.x - cells[i - 1]!.x) + Math.abs(c.y - cells[i - 1]!.y) === 1);
        const xs = cells.map((c) => c.x);
        const ys = cells.map((c) => c.y);
        const box = (Math.max(...xs) - Math.min(...xs) + 1) * (Math.max(...ys) - Math.min(...ys) + 1);
        return adjacent && box <= 4 * count;
      }),
      { numRuns: 300 },
    );
  });
});
