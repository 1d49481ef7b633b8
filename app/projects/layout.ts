import { toE7, type Boundary, type PolygonRings, type Position } from "./boundary";
import { hilbertCell, hilbertIndex } from "./hilbert";

// How units (tree positions, 1-m² cells) are laid out inside a project's boundary.
//
// Each polygon of the boundary is one section with its own local grid: cells of 3 m × 5 m (one
// tree each) or 1 m × 1 m, in a plane tangent at the polygon, numbered along a Hilbert curve. A
// cell belongs to the project when its centre lies inside the polygon. Unit u is the u-th inside
// cell along the curves, section after section, so consecutive units stay one compact shape.
//
// Nothing is stored per unit: the curve is cut into square blocks (a forest's blocks are its
// numbered stands), and each section keeps only the running count of inside cells per block.
// Finding a unit is a binary search over those counts plus a walk through one block.

export type ProjectKind = "FOREST" | "PROTECTED_AREA";

export const CELL_SIZE_M: Record<ProjectKind, { width: number; height: number }> = {
  FOREST: { width: 3, height: 5 },
  PROTECTED_AREA: { width: 1, height: 1 },
};

const MAX_ORDER = 14; // 16,384 cells a side: 16 km of 1-m² cells, 49 km × 82 km of trees
const MIN_BLOCK_ORDER = 5; // a forest stand is at least 32 × 32 tree positions
const MAX_BLOCKS_ORDER = 7; // at most 128 × 128 blocks a section

export type SectionGrid = {
  originLon: number;
  originLat: number;
  metresPerDegreeLon: number;
  metresPerDegreeLat: number;
  cellWidthM: number;
  cellHeightM: number;
  cols: number;
  rows: number;
  order: number;
  blockOrder: number;
};

export type Section = {
  grid: SectionGrid;
  /** First project unit in this section. */
  firstUnit: number;
  unitCount: number;
  /** blockUnits[k] = inside cells in blocks before block k (Hilbert order); one longer than the blocks. */
  blockUnits: number[];
};

export type LayoutProblem = { code: "polygonTooWide"; params: { polygon: number; widthKm: string; heightKm: string; maxKm: string } };

export type Cell = { x: number; y: number };

/** A local plane at the polygon's south-west corner; metres per degree from the WGS 84 series. */
export function gridFor(rings: PolygonRings, kind: ProjectKind): SectionGrid {
  const outer = rings[0]!;
  const lons = outer.map((p) => p[0]);
  const lats = outer.map((p) => p[1]);
  const originLon = toE7(Math.min(...lons));
  const originLat = toE7(Math.min(...lats));
  const midLat = ((originLat + Math.max(...lats)) / 2) * (Math.PI / 180);
  // Rounded so that the stored grid reads back as exactly these numbers (see toE7).
  const metresPerDegreeLat = toE7(111_132.92 - 559.82 * Math.cos(2 * midLat) + 1.175 * Math.cos(4 * midLat));
  const metresPerDegreeLon = toE7(111_412.84 * Math.cos(midLat) - 93.5 * Math.cos(3 * midLat));
  const { width, height } = CELL_SIZE_M[kind];
  const cols = Math.max(1, Math.ceil(((Math.max(...lons) - originLon) * metresPerDegreeLon) / width));
  const rows = Math.max(1, Math.ceil(((Math.max(...lats) - originLat) * metresPerDegreeLat) / height));
  let order = 0;
  while (2 ** order < Math.max(cols, rows)) order += 1;
  const blockOrder = Math.min(order, Math.max(MIN_BLOCK_ORDER, order - MAX_BLOCKS_ORDER));
  return { originLon, originLat, metresPerDegreeLon, metresPerDegreeLat, cellWidthM: width, cellHeightM: height, cols, rows, order, blockOrder };
}

/** Position in cell units: cell (x, y) spans [x, x+1) × [y, y+1). */
function toGrid(grid: SectionGrid, [lon, lat]: Position): [number, number] {
  return [
    ((lon - grid.originLon) * grid.metresPerDegreeLon) / grid.cellWidthM,
    ((lat - grid.originLat) * grid.metresPerDegreeLat) / grid.cellHeightM,
  ];
}

export function toLonLat(grid: SectionGrid, u: number, v: number): Position {
  return [grid.originLon + (u * grid.cellWidthM) / grid.metresPerDegreeLon, grid.originLat + (v * grid.cellHeightM) / grid.metresPerDegreeLat];
}

type Edge = { u1: number; v1: number; u2: number; v2: number };

function edgesOf(grid: SectionGrid, rings: PolygonRings): Edge[] {
  const edges: Edge[] = [];
  for (const ring of rings) {
    const points = ring.map((p) => toGrid(grid, p));
    for (let i = 1; i < points.length; i++) {
      const [u1, v1] = points[i - 1]!;
      const [u2, v2] = points[i]!;
      if (v1 !== v2) edges.push({ u1, v1, u2, v2 });
    }
  }
  return edges;
}

/** Inclusive column ranges [from, to] of the cells of row y whose centres are inside (even-odd rule). */
function spansFromCrossings(grid: SectionGrid, crossings: number[]): [number, number][] {
  crossings.sort((a, b) => a - b);
  const spans: [number, number][] = [];
  for (let i = 0; i + 1 < crossings.length; i += 2) {
    const from = Math.max(0, Math.ceil(crossings[i]! - 0.5));
    const to = Math.min(grid.cols - 1, Math.ceil(crossings[i + 1]! - 0.5) - 1);
    if (from <= to) spans.push([from, to]);
  }
  return spans;
}

function crossingAt(edge: Edge, v: number): number | null {
  const { u1, v1, u2, v2 } = edge;
  if ((v1 <= v && v < v2) || (v2 <= v && v < v1)) return u1 + ((v - v1) * (u2 - u1)) / (v2 - v1);
  return null;
}

/** The inside spans of every row at once: each edge drops its crossing into the rows it spans. */
function allRowSpans(grid: SectionGrid, edges: Edge[]): [number, number][][] {
  const crossings: number[][] = Array.from({ length: grid.rows }, () => []);
  for (const edge of edges) {
    const low = Math.max(0, Math.ceil(Math.min(edge.v1, edge.v2) - 0.5));
    const high = Math.min(grid.rows - 1, Math.ceil(Math.max(edge.v1, edge.v2) - 0.5));
    for (let y = low; y <= high; y++) {
      const u = crossingAt(edge, y + 0.5);
      if (u !== null) crossings[y]!.push(u);
    }
  }
  return crossings.map((row) => spansFromCrossings(grid, row));
}

/** Lays out one boundary: a section per polygon, or the polygons too wide for one grid. */
export function layOut(boundary: Boundary, kind: ProjectKind): { ok: true; sections: Section[]; units: number } | { ok: false; problems: LayoutProblem[] } {
  const problems: LayoutProblem[] = [];
  const sections: Section[] = [];
  let firstUnit = 0;
  boundary.coordinates.forEach((rings, p) => {
    const grid = gridFor(rings, kind);
    if (grid.order > MAX_ORDER) {
      const maxCells = 2 ** MAX_ORDER;
      problems.push({
        code: "polygonTooWide",
        params: {
          polygon: p + 1,
          widthKm: ((grid.cols * grid.cellWidthM) / 1000).toFixed(1),
          heightKm: ((grid.rows * grid.cellHeightM) / 1000).toFixed(1),
          maxKm: ((maxCells * Math.min(grid.cellWidthM, grid.cellHeightM)) / 1000).toFixed(1),
        },
      });
      return;
    }
    const blockUnits = countBlockUnits(grid, allRowSpans(grid, edgesOf(grid, rings)));
    const unitCount = blockUnits[blockUnits.length - 1]!;
    sections.push({ grid, firstUnit, unitCount, blockUnits });
    firstUnit += unitCount;
  });
  return problems.length ? { ok: false, problems } : { ok: true, sections, units: firstUnit };
}

function countBlockUnits(grid: SectionGrid, rowSpans: [number, number][][]): number[] {
  const blocksOrder = grid.order - grid.blockOrder;
  const side = 2 ** grid.blockOrder;
  const counts = new Array<number>(4 ** blocksOrder).fill(0);
  rowSpans.forEach((spans, y) => {
    const by = Math.floor(y / side);
    for (const [from, to] of spans) {
      for (let bx = Math.floor(from / side); bx * side <= to; bx++) {
        const inBlock = Math.min(to, bx * side + side - 1) - Math.max(from, bx * side) + 1;
        counts[hilbertIndex(blocksOrder, bx, by)]! += inBlock;
      }
    }
  });
  const cumulative = [0];
  for (const count of counts) cumulative.push(cumulative[cumulative.length - 1]! + count);
  return cumulative;
}

/** Answers "is this cell inside?" for one section, computing each row's spans once. */
function insideTest(grid: SectionGrid, rings: PolygonRings) {
  const edges = edgesOf(grid, rings);
  const rows = new Map<number, [number, number][]>();
  return (cell: Cell) => {
    let spans = rows.get(cell.y);
    if (!spans) {
      const crossings: number[] = [];
      for (const edge of edges) {
        const u = crossingAt(edge, cell.y + 0.5);
        if (u !== null) crossings.push(u);
      }
      spans = spansFromCrossings(grid, crossings);
      rows.set(cell.y, spans);
    }
    return cell.x < grid.cols && spans.some(([from, to]) => from <= cell.x && cell.x <= to);
  };
}

/** The block (Hilbert order) holding the section's rank-th unit: the last k with blockUnits[k] <= rank. */
function blockOf(section: Section, rank: number): number {
  let low = 0;
  let high = section.blockUnits.length - 2;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (section.blockUnits[mid]! <= rank) low = mid;
    else high = mid - 1;
  }
  return low;
}

export type LaidOutUnit = { unit: number; section: number; block: number; cell: Cell };

/** Units [first, first + count) as cells, in curve order; runs may continue into the next section. */
export function unitsAt(boundary: Boundary, sections: Section[], first: number, count: number): LaidOutUnit[] {
  const found: LaidOutUnit[] = [];
  let unit = first;
  for (let s = 0; s < sections.length && found.length < count; s++) {
    const section = sections[s]!;
    if (unit >= section.firstUnit + section.unitCount) continue;
    const { grid } = section;
    const inside = insideTest(grid, boundary.coordinates[s]!);
    const rank = unit - section.firstUnit;
    const block = blockOf(section, rank);
    const cellsPerBlock = 4 ** grid.blockOrder;
    let skip = rank - section.blockUnits[block]!;
    for (let k = block; k < section.blockUnits.length - 1 && found.length < count; k++) {
      if (section.blockUnits[k + 1] === section.blockUnits[k]) continue;
      for (let d = k * cellsPerBlock; d < (k + 1) * cellsPerBlock && found.length < count; d++) {
        const cell = hilbertCell(grid.order, d);
        if (cell.y >= grid.rows || !inside(cell)) continue;
        if (skip > 0) {
          skip -= 1;
          continue;
        }
        found.push({ unit, section: s, block: k, cell });
        unit += 1;
      }
    }
  }
  return found;
}

/** The corners of a cell, as a closed GeoJSON ring. */
export function cellRing(grid: SectionGrid, { x, y }: Cell): Position[] {
  return [toLonLat(grid, x, y), toLonLat(grid, x + 1, y), toLonLat(grid, x + 1, y + 1), toLonLat(grid, x, y + 1), toLonLat(grid, x, y)];
}

export function cellCentre(grid: SectionGrid, { x, y }: Cell): Position {
  return toLonLat(grid, x + 0.5, y + 0.5);
}

/** Stands are the non-empty blocks of a forest, numbered from 1 across sections in curve order. */
export function standNumber(sections: Section[], section: number, block: number): number {
  let number = 0;
  for (let s = 0; s <= section; s++) {
    const units = sections[s]!.blockUnits;
    const last = s === section ? block : units.length - 2;
    for (let k = 0; k <= last; k++) if (units[k + 1]! > units[k]!) number += 1;
  }
  return number;
}

/** Where a tree stands inside its stand: row (south to north) and place in the row (west to east), from 1. */
export function treePlace(grid: SectionGrid, cell: Cell) {
  const side = 2 ** grid.blockOrder;
  return { row: (cell.y % side) + 1, tree: (cell.x % side) + 1 };
}

/** The project units of stand `stand` (numbered from 1), or null when there is no such stand. */
export function standUnits(sections: Section[], stand: number): { first: number; count: number } | null {
  let number = 0;
  for (const section of sections) {
    const units = section.blockUnits;
    for (let k = 0; k + 1 < units.length; k++) {
      if (units[k + 1]! === units[k]!) continue;
      number += 1;
      if (number === stand) return { first: section.firstUnit + units[k]!, count: units[k + 1]! - units[k]! };
    }
  }
  return null;
}

export function standCount(sections: Section[]): number {
  return sections.reduce((sum, section) => sum + section.blockUnits.slice(1).filter((end, k) => end > section.blockUnits[k]!).length, 0);
}
