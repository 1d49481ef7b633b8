import type { PolygonRings } from "./boundary";
import { hilbertCell } from "./hilbert";
import type { Cell, Section, SectionGrid } from "./layout";

// SVG-ready drawings of a section in metres (no map tiles): the outline, and its blocks shaded by
// whether their units are taken. Blocks are clipped to the outline when drawn.

export type SectionDrawing = {
  widthM: number;
  heightM: number;
  outline: string;
  taken: string;
  free: string;
  blocks: number;
  units: number;
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

/** `allocatedUnits` of the whole project: blocks wholly before it are taken, the rest free. */
export function drawSection(rings: PolygonRings, section: Section, allocatedUnits: number): SectionDrawing {
  const { grid, blockUnits } = section;
  const side = 2 ** grid.blockOrder;
  const blocksOrder = grid.order - grid.blockOrder;
  const taken: string[] = [];
  const free: string[] = [];
  let blocks = 0;
  for (let k = 0; k + 1 < blockUnits.length; k++) {
    if (blockUnits[k + 1] === blockUnits[k]) continue;
    blocks += 1;
    const { x, y } = hilbertCell(blocksOrder, k);
    const path = rectPath(grid, x * side, y * side, side, side);
    (section.firstUnit + blockUnits[k + 1]! <= allocatedUnits ? taken : free).push(path);
  }
  return {
    widthM: round(grid.cols * grid.cellWidthM),
    heightM: round(grid.rows * grid.cellHeightM),
    outline: outlinePath(grid, rings),
    taken: taken.join(""),
    free: free.join(""),
    blocks,
    units: section.unitCount,
  };
}

/** Cells as one SVG path, each row's consecutive cells merged into one rectangle. */
export function cellsPath(grid: SectionGrid, cells: Cell[]): string {
  const sorted = [...cells].sort((a, b) => a.y - b.y || a.x - b.x);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    const start = sorted[i]!;
    let end = i;
    while (end + 1 < sorted.length && sorted[end + 1]!.y === start.y && sorted[end + 1]!.x === sorted[end]!.x + 1) end += 1;
    parts.push(rectPath(grid, start.x, start.y, end - i + 1, 1));
    i = end + 1;
  }
  return parts.join("");
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
