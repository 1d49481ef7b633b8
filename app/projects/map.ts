import type { Boundary, PolygonRings } from "./boundary";
import { hilbertCell } from "./hilbert";
import type { Cell, Section, SectionGrid } from "./layout";

// SVG-ready drawings in metres (no map tiles): a polygon's outline and its blocks shaded by whether
// their units are taken, and a plot's cells. Blocks are clipped to the outline when drawn.

export type SectionDrawing = {
  /** The boundary polygon drawn: one drawing per polygon, however many tiles (sections) it has. */
  polygon: number;
  widthM: number;
  heightM: number;
  outline: string;
  taken: string;
  free: string;
  blocks: number;
  units: number;
  /** Per section index, where its own drawings (cellsPath, drawCells) sit in this one: a translation. */
  offsets: Record<number, [number, number]>;
};

const round = (n: number) => Math.round(n * 10) / 10;

/** SVG y grows downwards; north is up. */
function toSvg(grid: SectionGrid, u: number, v: number): [number, number] {
  return [round(u * grid.cellWidthM), round((grid.rows - v) * grid.cellHeightM)];
}

function outlinePath(grid: SectionGrid, rings: PolygonRings): string {
  return rings
    .map((ring) =>
      ring
        .map(([lon, lat], i) => {
          const u = ((lon - grid.originLon) * grid.metresPerDegreeLon) / grid.cellWidthM;
          const v = ((lat - grid.originLat) * grid.metresPerDegreeLat) / grid.cellHeightM;
          const [x, y] = toSvg(grid, u, v);
          return `${i === 0 ? "M" : "L"}${x} ${y}`;
        })
        .join("") + "Z",
    )
    .join("");
}

function rectPath(grid: SectionGrid, x: number, y: number, w: number, h: number): string {
  const [left, top] = toSvg(grid, x, y + h);
  return `M${left} ${top}h${round(w * grid.cellWidthM)}v${round(h * grid.cellHeightM)}h${-round(w * grid.cellWidthM)}Z`;
}

/** Past this many shaded squares a drawing merges blocks, four at a time, into larger squares. */
const MAX_SQUARES = 1500;

/**
 * The frame of a polygon's drawing: a grid of whole metres over all its tiles, which share one plane
 * (layout.ts), so a tile's own drawing moves into it by a translation.
 */
function frameOf(rings: PolygonRings, sections: Section[]): SectionGrid {
  const grids = sections.map((s) => s.grid);
  const first = grids[0]!;
  const originLon = Math.min(...grids.map((g) => g.originLon));
  const originLat = Math.min(...grids.map((g) => g.originLat));
  const lons = rings[0]!.map((p) => p[0]);
  const lats = rings[0]!.map((p) => p[1]);
  const widthM = Math.max(...grids.map((g) => (g.originLon - originLon) * g.metresPerDegreeLon + g.cols * g.cellWidthM), (Math.max(...lons) - originLon) * first.metresPerDegreeLon);
  const heightM = Math.max(...grids.map((g) => (g.originLat - originLat) * g.metresPerDegreeLat + g.rows * g.cellHeightM), (Math.max(...lats) - originLat) * first.metresPerDegreeLat);
  return { ...first, originLon, originLat, cellWidthM: 1, cellHeightM: 1, cols: Math.ceil(widthM), rows: Math.ceil(heightM) };
}

/** A square of blocks in a section's own cells, taken when every unit in it is allocated. */
export type BlockSquare = { section: number; x: number; y: number; side: number; taken: boolean };

/**
 * The blocks of one polygon's sections, merged four at a time along the curve until there are at
 * most about MAX_SQUARES of them (a county has tens of thousands of blocks): a block (a forest's
 * stand) is taken once units up to its end are allocated (`allocatedUnits` of the whole project).
 */
export function blockSquares(sections: Section[], indexes: number[], allocatedUnits: number): { squares: BlockSquare[]; blocks: number } {
  const blocks = indexes.reduce((sum, i) => sum + sections[i]!.blockUnits.slice(1).filter((end, k) => end > sections[i]!.blockUnits[k]!).length, 0);
  let merge = 0;
  while (blocks / 4 ** merge > MAX_SQUARES) merge += 1;
  const squares: BlockSquare[] = [];
  for (const i of indexes) {
    const { grid, blockUnits, firstUnit } = sections[i]!;
    const level = Math.min(merge, grid.order - grid.blockOrder);
    const side = 2 ** (grid.blockOrder + level);
    const count = 4 ** (grid.order - grid.blockOrder - level);
    const span = 4 ** level;
    for (let q = 0; q < count; q++) {
      const start = blockUnits[q * span]!;
      const end = blockUnits[Math.min((q + 1) * span, blockUnits.length - 1)]!;
      if (end === start) continue;
      const { x, y } = hilbertCell(grid.order - grid.blockOrder - level, q);
      squares.push({ section: i, x: x * side, y: y * side, side, taken: firstUnit + end <= allocatedUnits });
    }
  }
  return { squares, blocks };
}

/** The sections lying in each polygon of a boundary, by section index. */
export function sectionsByPolygon(boundary: Boundary, sections: Section[]): { polygon: number; rings: PolygonRings; indexes: number[] }[] {
  return boundary.coordinates.flatMap((rings, polygon) => {
    const indexes = sections.flatMap((s, i) => (s.polygon === polygon ? [i] : []));
    return indexes.length ? [{ polygon, rings, indexes }] : [];
  });
}

/** Each polygon of a boundary drawn with the land taken shaded (see blockSquares). */
export function drawPolygons(boundary: Boundary, sections: Section[], allocatedUnits: number): SectionDrawing[] {
  return sectionsByPolygon(boundary, sections).map(({ polygon, rings, indexes }) => {
    const frame = frameOf(rings, indexes.map((i) => sections[i]!));
    const { squares, blocks } = blockSquares(sections, indexes, allocatedUnits);
    const offsets: Record<number, [number, number]> = {};
    const shift: Record<number, [number, number]> = {};
    for (const i of indexes) {
      const { grid } = sections[i]!;
      const dx = (grid.originLon - frame.originLon) * grid.metresPerDegreeLon;
      const dy = (grid.originLat - frame.originLat) * grid.metresPerDegreeLat;
      shift[i] = [dx, dy];
      offsets[i] = [round(dx), round(frame.rows - dy - grid.rows * grid.cellHeightM)];
    }
    const taken: string[] = [];
    const free: string[] = [];
    for (const { section, x, y, side, taken: isTaken } of squares) {
      const { cellWidthM: w, cellHeightM: h } = sections[section]!.grid;
      const [dx, dy] = shift[section]!;
      (isTaken ? taken : free).push(rectPath(frame, dx + x * w, dy + y * h, side * w, side * h));
    }
    return {
      polygon,
      widthM: round(frame.cols),
      heightM: round(frame.rows),
      outline: outlinePath(frame, rings),
      taken: taken.join(""),
      free: free.join(""),
      blocks,
      units: indexes.reduce((sum, i) => sum + sections[i]!.unitCount, 0),
      offsets,
    };
  });
}

/** Consecutive cells of a row as one run [x, x + width) on row y. */
export function rowRuns(cells: Cell[]): { x: number; y: number; width: number }[] {
  const sorted = [...cells].sort((a, b) => a.y - b.y || a.x - b.x);
  const runs: { x: number; y: number; width: number }[] = [];
  for (let i = 0; i < sorted.length; ) {
    const start = sorted[i]!;
    let end = i;
    while (end + 1 < sorted.length && sorted[end + 1]!.y === start.y && sorted[end + 1]!.x === sorted[end]!.x + 1) end += 1;
    runs.push({ x: start.x, y: start.y, width: end - i + 1 });
    i = end + 1;
  }
  return runs;
}

/** Cells as one SVG path, each row's consecutive cells merged into one rectangle. */
export function cellsPath(grid: SectionGrid, cells: Cell[]): string {
  return rowRuns(cells).map(({ x, y, width }) => rectPath(grid, x, y, width, 1)).join("");
}

/** A plot's cells as one SVG path in the section's metres, with their bounding box and centre. */
export function drawCells(grid: SectionGrid, cells: Cell[]): { path: string; box: [number, number, number, number]; centre: [number, number] } {
  const xs = cells.map((c) => c.x);
  const ys = cells.map((c) => c.y);
  const [left, top] = toSvg(grid, Math.min(...xs), Math.max(...ys) + 1);
  const [right, bottom] = toSvg(grid, Math.max(...xs) + 1, Math.min(...ys));
  return { path: cellsPath(grid, cells), box: [left, top, round(right - left), round(bottom - top)], centre: [round((left + right) / 2), round((top + bottom) / 2)] };
}

export type Neighbourhood = { box: [number, number, number, number]; outline: string; others: string; mine: string };

/** A close-up window of cells [x0, x1) × [y0, y1): the outline, others' cells faint, the holder's strong. */
export function drawNeighbourhood(rings: PolygonRings, grid: SectionGrid, window: { x0: number; y0: number; x1: number; y1: number }, mine: Cell[], others: Cell[]): Neighbourhood {
  const [left, top] = toSvg(grid, window.x0, window.y1);
  const [right, bottom] = toSvg(grid, window.x1, window.y0);
  return {
    box: [left, top, round(right - left), round(bottom - top)],
    outline: outlinePath(grid, rings),
    others: cellsPath(grid, others),
    mine: cellsPath(grid, mine),
  };
}
