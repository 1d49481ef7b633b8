import { describe, expect, it } from "vitest";
import { hilbertCell, hilbertIndex } from "~/projects/hilbert";

describe("the Hilbert curve the layout numbers cells along", () => {
  it("visits every cell of the grid exactly once, and finds each cell's step again", () => {
    const order = 4;
    const seen = new Set<string>();
    for (let d = 0; d < 4 ** order; d++) {
      const { x, y } = hilbertCell(order, d);
      expect(x).toBeGreaterThanOrEqual(0);
      expect(y).toBeLessThan(2 ** order);
      expect(hilbertIndex(order, x, y)).toBe(d);
      seen.add(`${x},${y}`);
    }
    expect(seen.size).toBe(4 ** order);
    for (let trial = 0; trial < 10_000; trial++) {
      const d = Math.floor(Math.random() * 4 ** 14);
      const { x, y } = hilbertCell(14, d);
      expect(hilbertIndex(14, x, y)).toBe(d);
    }
  });

  it("makes every run of consecutive cells one connected, compact shape", () => {
    const order = 13; // 8192 × 8192 cells: Guanba's grid
    for (let trial = 0; trial < 2_000; trial++) {
      const count = 8 + Math.floor(Math.random() * 400);
      const first = Math.floor(Math.random() * (4 ** order - count));
      const cells = Array.from({ length: count }, (_, i) => hilbertCell(order, first + i));
      for (let i = 1; i < cells.length; i++) {
        expect(Math.abs(cells[i]!.x - cells[i - 1]!.x) + Math.abs(cells[i]!.y - cells[i - 1]!.y)).toBe(1);
      }
      const width = Math.max(...cells.map((c) => c.x)) - Math.min(...cells.map((c) => c.x)) + 1;
      const height = Math.max(...cells.map((c) => c.y)) - Math.min(...cells.map((c) => c.y)) + 1;
      expect(width * height).toBeLessThanOrEqual(4 * count);
    }
  });
});
