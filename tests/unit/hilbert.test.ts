import { describe, expect, it } from "vitest";
import { cellsOfRun, gridOrder, hilbertCell } from "~/projects/hilbert";

describe("Hilbert layout of protected land", () => {
  it("sizes the grid to the capacity", () => {
    expect(gridOrder(1)).toBe(0);
    expect(gridOrder(4)).toBe(1);
    expect(gridOrder(5)).toBe(2);
    expect(gridOrder(18_230_000)).toBe(13); // 8192 × 8192 cells for Guanba
  });

  it("visits every cell of the grid exactly once", () => {
    const order = 4;
    const seen = new Set<string>();
    for (let d = 0; d < 4 ** order; d++) {
      const { x, y } = hilbertCell(order, d);
      expect(x).toBeGreaterThanOrEqual(0);
      expect(y).toBeLessThan(2 ** order);
      seen.add(`${x},${y}`);
    }
    expect(seen.size).toBe(4 ** order);
  });

  it("makes every run of consecutive cells one connected, compact shape", () => {
    const capacity = 18_230_000;
    for (let trial = 0; trial < 2_000; trial++) {
      const count = 8 + Math.floor(Math.random() * 400);
      const first = Math.floor(Math.random() * (capacity - count));
      const cells = cellsOfRun(capacity, first, count);
      for (let i = 1; i < cells.length; i++) {
        expect(Math.abs(cells[i]!.x - cells[i - 1]!.x) + Math.abs(cells[i]!.y - cells[i - 1]!.y)).toBe(1);
      }
      const width = Math.max(...cells.map((c) => c.x)) - Math.min(...cells.map((c) => c.x)) + 1;
      const height = Math.max(...cells.map((c) => c.y)) - Math.min(...cells.map((c) => c.y)) + 1;
      expect(width * height).toBeLessThanOrEqual(4 * count);
    }
  });
});
