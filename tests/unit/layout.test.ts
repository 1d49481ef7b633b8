import booleanPointInPolygon from "@turf/boolean-point-in-polygon";
import { point, polygon } from "@turf/helpers";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseBoundary, type Boundary } from "~/projects/boundary";
import { cellCentre, gridFor, layOut, standCount, standNumber, standUnits, treePlace, unitsAt, type Section } from "~/projects/layout";
import { blobRing, rectangleRing, ringFromMetres } from "~/projects/shapes";

const PINGWU: [number, number] = [104.52, 32.41];

function laidOut(boundary: Boundary, kind: "FOREST" | "PROTECTED_AREA") {
  return layOut(boundary, kind);
}

/**
 * Every grid cell that is a unit by brute force: turf puts its centre, and the centres of the cells
 * within the margin around it, inside the polygon.
 */
function insideByTurf(boundary: Boundary, sections: Section[], s: number) {
  const { grid, polygon: p } = sections[s]!;
  const shape = polygon(boundary.coordinates[p]!);
  const m = grid.marginCells ?? 0;
  const inside = (x: number, y: number) => booleanPointInPolygon(point(cellCentre(grid, { x, y })), shape);
  const cells = new Set<string>();
  for (let y = 0; y < grid.rows; y++) {
    for (let x = 0; x < grid.cols; x++) {
      let all = true;
      for (let dy = -m; dy <= m && all; dy++) for (let dx = -m; dx <= m && all; dx++) all = inside(x + dx, y + dy);
      if (all) cells.add(`${s}:${x},${y}`);
    }
  }
  return cells;
}

// A concave outline with a hole (a village the project does not cover) and a second, separate polygon.
const concaveWithHole: Boundary = {
  type: "MultiPolygon",
  coordinates: [
    [
      ringFromMetres(PINGWU, [
        [0, 0],
        [180, 0],
        [180, 140],
        [90, 60],
        [0, 140],
      ]),
      ringFromMetres(PINGWU, [
        [20, 10],
        [60, 10],
        [60, 30],
        [20, 30],
      ]),
    ],
    [rectangleRing([104.6, 32.45], 37, 23)],
  ],
};

describe("laying units out inside a boundary", () => {
  it("takes exactly the cells inside and a cell away from the edge, each once, holes and concave edges included", () => {
    const { sections, units } = laidOut(concaveWithHole, "PROTECTED_AREA");
    expect(sections).toHaveLength(2);
    const all = unitsAt(concaveWithHole, sections, 0, units + 10);
    expect(all).toHaveLength(units);
    const cells = new Set(all.map((u) => `${u.section}:${u.cell.x},${u.cell.y}`));
    expect(cells.size).toBe(units);
    const expected = new Set([...insideByTurf(concaveWithHole, sections, 0), ...insideByTurf(concaveWithHole, sections, 1)]);
    expect(cells).toEqual(expected);
    expect(all.map((u) => u.unit)).toEqual(all.map((_, i) => i));
    // About the polygon's area in 1-m² cells less a metre along every edge: outline minus the hole,
    // plus the second polygon.
    const area = 180 * 140 - 0.5 * 180 * 80 - 40 * 20 + 37 * 23;
    const edges = 180 + 140 + 2 * Math.hypot(90, 80) + 140 + 2 * (40 + 20) + 2 * (37 + 23);
    expect(Math.abs(units - (area - edges)) / area).toBeLessThan(0.03);
    expect(units).toBeLessThan(area - edges / 2);
  });

  it("finds any run of units directly, the same cells as a walk from the start", () => {
    const { sections, units } = laidOut(concaveWithHole, "PROTECTED_AREA");
    const all = unitsAt(concaveWithHole, sections, 0, units);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: units - 1 }), fc.integer({ min: 1, max: 900 }), (first, count) => {
        expect(unitsAt(concaveWithHole, sections, first, count)).toEqual(all.slice(first, first + count));
      }),
      { numRuns: 200 },
    );
  });

  it("keeps a guardian's run of cells one compact shape inside a large area", () => {
    const guanba: Boundary = { type: "MultiPolygon", coordinates: [[blobRing(PINGWU, 18_300_000, [1, 0.8, 1.1, 0.9, 1.2, 0.85, 1, 0.95])]] };
    const { sections, units } = laidOut(guanba, "PROTECTED_AREA");
    expect(Math.abs(units - 18_300_000) / 18_300_000).toBeLessThan(0.002); // less a metre along a 16-km edge
    const { blockUnits, grid } = sections[0]!;
    const cellsPerBlock = 4 ** grid.blockOrder;
    const fullBlocks = blockUnits.slice(0, -1).flatMap((start, k) => (blockUnits[k + 1]! - start === cellsPerBlock ? [start] : []));
    expect(fullBlocks.length).toBeGreaterThan(1000);
    // Away from the edge (inside full blocks), where no cell of the run is cut out by the boundary.
    const count = 200;
    fc.assert(
      fc.property(fc.constantFrom(...fullBlocks), fc.integer({ min: 0, max: cellsPerBlock - count }), (start, offset) => {
        const run = unitsAt(guanba, sections, start + offset, count);
        const adjacent = run.every((u, i) => i === 0 || Math.abs(u.cell.x - run[i - 1]!.cell.x) + Math.abs(u.cell.y - run[i - 1]!.cell.y) === 1);
        const xs = run.map((u) => u.cell.x);
        const ys = run.map((u) => u.cell.y);
        const box = (Math.max(...xs) - Math.min(...xs) + 1) * (Math.max(...ys) - Math.min(...ys) + 1);
        return run.length === count && adjacent && box <= count * 4;
      }),
      { numRuns: 50 },
    );
  });

  it("plants a forest on a 3 m × 5 m grid and numbers its stands", () => {
    const forest: Boundary = { type: "MultiPolygon", coordinates: [[rectangleRing([122.05, 46.08], 960, 1600)]] };
    const { sections, units } = laidOut(forest, "FOREST");
    expect(units).toBe(318 * 318); // 960 m / 3 m by 1600 m / 5 m, less one tree position along each edge
    expect(sections[0]!.grid.blockOrder).toBe(5);
    const trees = unitsAt(forest, sections, 0, units);
    const stands = new Set(trees.map((t) => standNumber(sections, t.section, t.block)));
    expect(stands.size).toBe(100); // stands of 32 × 32 trees: 96 m × 160 m
    expect(Math.min(...stands)).toBe(1);
    expect(Math.max(...stands)).toBe(100);
    expect(standCount(sections)).toBe(100);
    // Each stand's units are exactly the trees numbered into it.
    for (const stand of [1, 37, 100]) {
      const { first, count } = standUnits(sections, stand)!;
      expect(trees.filter((t) => standNumber(sections, t.section, t.block) === stand).map((t) => t.unit)).toEqual(Array.from({ length: count }, (_, i) => first + i));
    }
    expect(standUnits(sections, 101)).toBeNull();
    const first = trees[0]!;
    // The first stand's first row and place are the edge, which holds no tree.
    expect(treePlace(sections[0]!.grid, first.cell)).toEqual({ row: 2, tree: 2 });
    expect(trees.every((t) => treePlace(sections[0]!.grid, t.cell).row <= 32)).toBe(true);
  });

  it("cuts a polygon wider than one grid into tiles that meet exactly: no gap, no cell twice", () => {
    const wide: Boundary = { type: "MultiPolygon", coordinates: [[rectangleRing(PINGWU, 100, 100)], [rectangleRing([104.9, 32.41], 20_000, 30)]] };
    const { sections, units } = laidOut(wide, "PROTECTED_AREA");
    const whole = gridFor(wide.coordinates[1]!, "PROTECTED_AREA");
    expect(sections.map((s) => [s.polygon, s.grid.cols])).toEqual([
      [0, 100],
      [1, 16_384],
      [1, whole.cols - 16_384],
    ]);
    // Each tile's columns, counted from the polygon's west edge: one unbroken run per row.
    const west = sections[1]!.grid;
    const column = (s: number, x: number) => Math.round(((sections[s]!.grid.originLon - west.originLon) * west.metresPerDegreeLon) / west.cellWidthM) + x;
    const row = unitsAt(wide, sections, sections[1]!.firstUnit, sections[1]!.unitCount + sections[2]!.unitCount).filter((u) => u.cell.y === 15);
    const columns = row.map((u) => column(u.section, u.cell.x)).sort((a, b) => a - b);
    expect(columns).toEqual(Array.from({ length: columns.length }, (_, i) => i + 1));
    expect(columns.length).toBeGreaterThanOrEqual(19_997); // 20 km less a metre at each end
    expect(units - sections[0]!.unitCount).toBe(columns.length * 28);
    for (const s of [1, 2]) expect([...insideByTurf(wide, sections, s)].filter((key) => key.endsWith(",15"))).toHaveLength(row.filter((u) => u.section === s).length);
  });

  it("derives the same grid from the same polygon every time", () => {
    const ring = blobRing(PINGWU, 2_000_000, [1, 0.7, 1.3, 0.9, 1.1]);
    expect(gridFor([ring], "PROTECTED_AREA")).toEqual(gridFor([ring.map((p) => [...p] as [number, number])], "PROTECTED_AREA"));
  });

  it("reads back from storage as exactly the layout it was computed as", () => {
    // Stored numbers may come back through 15-digit decimal text: nothing we store needs more.
    const parsed = parseBoundary(JSON.stringify({ type: "Polygon", coordinates: [blobRing(PINGWU, 900_000, [1, 0.8, 1.2, 0.9, 1.1])] }));
    if (!parsed.ok) throw new Error("boundary refused");
    const laid = laidOut(parsed.boundary, "PROTECTED_AREA");
    const stored = JSON.parse(JSON.stringify({ boundary: parsed.boundary, sections: laid.sections }, (_key, value) => (typeof value === "number" ? Number(value.toPrecision(15)) : value)));
    expect(stored).toEqual({ boundary: parsed.boundary, sections: laid.sections });
    expect(layOut(stored.boundary, "PROTECTED_AREA")).toEqual(laid);
  });
});
