import { toE7, type Boundary, type PolygonRings, type Position } from "./boundary";
import { hilbertCell, hilbertIndex } from "./hilbert";

// How units (tree positions, 1-m² cells) are laid out inside a project's boundary.
//
// Each polygon of the boundary has its own local grid: cells of 3 m × 5 m (one tree each) or
// 1 m × 1 m, in a plane tangent at the polygon. A grid up to 16,384 cells a side is one section; a
// wider one (a county) is cut into square tiles of that size, each a section. A section numbers its
// cells along a Hilbert curve. A cell belongs to the project when its centre and those of the cells
// around it lie inside the polygon, so no unit touches the boundary line. Unit u is the u-th inside
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
  /**
   * A cell is a unit only when the cells this many steps around it are inside too, so no tree or
   * square metre touches the boundary line. Absent in layouts made before the rule (read as 0).
   */
  marginCells?: number;
};

export type Section = {
  /** The boundary polygon this section lies in (several sections when a polygon is cut into tiles). */
  polygon: number;
  grid: SectionGrid;
  /** First project unit in this section. */
  firstUnit: number;
  unitCount: number;
  /** blockUnits[k] = inside cells in blocks before block k (Hilbert order); one longer than the blocks. */
  blockUnits: number[];
};

export type Cell = { x: number; y: number };

const MARGIN_CELLS = 1;
/** Cells a side of one tile: a polygon wider than this is cut into tiles of it, one section each. */
const TILE_CELLS = 2 ** MAX_ORDER;

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
  return sized({ originLon, originLat, metresPerDegreeLon, metresPerDegreeLat, cellWidthM: width, cellHeightM: height, cols, rows, order: 0, blockOrder: 0, marginCells: MARGIN_CELLS });
}

/** The curve's order and block size for a grid of these columns and rows. */
function sized(grid: SectionGrid): SectionGrid {
  let order = 0;
  while (2 ** order < Math.max(grid.cols, grid.rows)) order += 1;
  const blockOrder = Math.min(order, Math.max(MIN_BLOCK_ORDER, order - MAX_BLOCKS_ORDER));
  return { ...grid, order, blockOrder };
}

/**
 * The polygon's grid cut into tiles of at most TILE_CELLS a side, west to east, south to north. All
 * tiles share one plane (the polygon's), so their cells abut exactly and no ground is in two.
 */
export function tilesOf(whole: SectionGrid): SectionGrid[] {
  const tiles: SectionGrid[] = [];
  for (let ty = 0; ty * TILE_CELLS < whole.rows; ty++) {
    for (let tx = 0; tx * TILE_CELLS < whole.cols; tx++) {
      const [originLon, originLat] = toLonLat(whole, tx * TILE_CELLS, ty * TILE_CELLS).map(toE7) as Position;
      tiles.push(
        sized({
          ...whole,
          originLon,
          originLat,
          cols: Math.min(TILE_CELLS, whole.cols - tx * TILE_CELLS),
          rows: Math.min(TILE_CELLS, whole.rows - ty * TILE_CELLS),
        }),
      );
    }
  }
  return tiles;
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
/** Inclusive column ranges [from, to], west to east, not overlapping. */
type Spans = [number, number][];

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

/** The cells of a row whose centres are inside (even-odd rule), before any clipping to the grid. */
function spansFromCrossings(crossings: number[]): Spans {
  crossings.sort((a, b) => a - b);
  const spans: Spans = [];
  for (let i = 0; i + 1 < crossings.length; i += 2) {
    const from = Math.ceil(crossings[i]! - 0.5);
    const to = Math.ceil(crossings[i + 1]! - 0.5) - 1;
    if (from <= to) spans.push([from, to]);
  }
  return spans;
}

function crossingAt(edge: Edge, v: number): number | null {
  const { u1, v1, u2, v2 } = edge;
  if ((v1 <= v && v < v2) || (v2 <= v && v < v1)) return u1 + ((v - v1) * (u2 - u1)) / (v2 - v1);
  return null;
}

function intersect(a: Spans, b: Spans): Spans {
  const out: Spans = [];
  for (let i = 0, j = 0; i < a.length && j < b.length; ) {
    const from = Math.max(a[i]![0], b[j]![0]);
    const to = Math.min(a[i]![1], b[j]![1]);
    if (from <= to) out.push([from, to]);
    if (a[i]![1] < b[j]![1]) i++;
    else j++;
  }
  return out;
}

/**
 * The unit cells of row y, given the centre-inside spans of rows y - m .. y + m (m the margin): the
 * cells whose whole (2m+1)-square neighbourhood is inside, clipped to the grid's columns.
 */
function unitSpans(grid: SectionGrid, around: Spans[]): Spans {
  const m = grid.marginCells ?? 0;
  let spans = around[0]!;
  for (let i = 1; i < around.length; i++) spans = intersect(spans, around[i]!);
  const out: Spans = [];
  for (const [from, to] of spans) {
    const a = Math.max(0, from + m);
    const b = Math.min(grid.cols - 1, to - m);
    if (a <= b) out.push([a, b]);
  }
  return out;
}

/** The unit spans of every row at once: each edge drops its crossing into the rows it spans. */
function allRowSpans(grid: SectionGrid, edges: Edge[]): Spans[] {
  const m = grid.marginCells ?? 0;
  // Rows -m .. rows + m - 1: the margin looks past the grid's own rows into its neighbours'.
  const crossings: number[][] = Array.from({ length: grid.rows + 2 * m }, () => []);
  for (const edge of edges) {
    const low = Math.max(-m, Math.ceil(Math.min(edge.v1, edge.v2) - 0.5));
    const high = Math.min(grid.rows + m - 1, Math.ceil(Math.max(edge.v1, edge.v2) - 0.5));
    for (let y = low; y <= high; y++) {
      const u = crossingAt(edge, y + 0.5);
      if (u !== null) crossings[y + m]!.push(u);
    }
  }
  const centres = crossings.map(spansFromCrossings);
  return Array.from({ length: grid.rows }, (_, y) => unitSpans(grid, centres.slice(y, y + 2 * m + 1)));
}

/**
 * Lays out one boundary: each polygon is a section, or, when wider than one grid (a whole county),
 * square tiles of it are, skipping tiles with no unit in them.
 */
export function layOut(boundary: Boundary, kind: ProjectKind): { ok: true; sections: Section[]; units: number } {
  const sections: Section[] = [];
  let firstUnit = 0;
  boundary.coordinates.forEach((rings, polygon) => {
    for (const grid of tilesOf(gridFor(rings, kind))) {
      const blockUnits = countBlockUnits(grid, allRowSpans(grid, edgesOf(grid, rings)));
      const unitCount = blockUnits[blockUnits.length - 1]!;
      if (unitCount === 0) continue;
      sections.push({ polygon, grid, firstUnit, unitCount, blockUnits });
      firstUnit += unitCount;
    }
  });
  return { ok: true, sections, units: firstUnit };
}

/**
 * Inside cells per block, in Hilbert order, as running sums. Rows are added a band of blocks at a
 * time with a difference array, so a row costs its spans, not its blocks (a county has 56 tiles of
 * 16,384 rows of 128 blocks).
 */
function countBlockUnits(grid: SectionGrid, rowSpans: Spans[]): number[] {
  const blocksOrder = grid.order - grid.blockOrder;
  const side = 2 ** grid.blockOrder;
  const blocksPerSide = 2 ** blocksOrder;
  const counts = new Array<number>(4 ** blocksOrder).fill(0);
  let band = new Array<number>(blocksPerSide + 1).fill(0);
  let full = new Array<number>(blocksPerSide + 1).fill(0);
  const flush = (by: number) => {
    let running = 0;
    for (let bx = 0; bx < blocksPerSide; bx++) {
      running += full[bx]!;
      const count = band[bx]! + running * side;
      if (count) counts[hilbertIndex(blocksOrder, bx, by)]! += count;
    }
    band = new Array<number>(blocksPerSide + 1).fill(0);
    full = new Array<number>(blocksPerSide + 1).fill(0);
  };
  rowSpans.forEach((spans, y) => {
    for (const [from, to] of spans) {
      const first = Math.floor(from / side);
      const last = Math.floor(to / side);
      if (first === last) {
        band[first]! += to - from + 1;
        continue;
      }
      band[first]! += (first + 1) * side - from;
      band[last]! += to - last * side + 1;
      full[first + 1]! += 1; // blocks first+1 .. last-1 take a whole row of `side` cells
      full[last]! -= 1;
    }
    if ((y + 1) % side === 0 || y === rowSpans.length - 1) flush(Math.floor(y / side));
  });
  const cumulative = [0];
  for (const count of counts) cumulative.push(cumulative[cumulative.length - 1]! + count);
  return cumulative;
}

/** Answers "is this cell a unit?" for one section, computing each row's spans once. */
function insideTest(grid: SectionGrid, rings: PolygonRings) {
  const edges = edgesOf(grid, rings);
  const m = grid.marginCells ?? 0;
  const centreRows = new Map<number, Spans>();
  const centres = (y: number) => {
    let spans = centreRows.get(y);
    if (!spans) {
      const crossings: number[] = [];
      for (const edge of edges) {
        const u = crossingAt(edge, y + 0.5);
        if (u !== null) crossings.push(u);
      }
      spans = spansFromCrossings(crossings);
      centreRows.set(y, spans);
    }
    return spans;
  };
  const rows = new Map<number, Spans>();
  return (cell: Cell) => {
    let spans = rows.get(cell.y);
    if (!spans) {
      spans = unitSpans(grid, Array.from({ length: 2 * m + 1 }, (_, i) => centres(cell.y - m + i)));
      rows.set(cell.y, spans);
    }
    return spans.some(([from, to]) => from <= cell.x && cell.x <= to);
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
    const inside = insideTest(grid, boundary.coordinates[section.polygon]!);
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

/** The stands (numbered from 1) that units [first, first + count) lie in: one, or a few for a run across a stand's end. */
export function standsOfUnits(sections: Section[], first: number, count: number): number[] {
  const stands = new Set<number>();
  sections.forEach((section, s) => {
    const from = Math.max(first, section.firstUnit);
    const to = Math.min(first + count, section.firstUnit + section.unitCount);
    if (from >= to) return;
    for (let k = blockOf(section, from - section.firstUnit); k <= blockOf(section, to - 1 - section.firstUnit); k++) {
      if (section.blockUnits[k + 1]! > section.blockUnits[k]!) stands.add(standNumber(sections, s, k));
    }
  });
  return [...stands];
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
