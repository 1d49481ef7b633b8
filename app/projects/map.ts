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

/** A plot's cells as one SVG path in the section's metres, with their bounding box and centre. */
export function drawCells(grid: SectionGrid, cells: Cell[]): { path: string; box: [number, number, number, number]; centre: [number, number] } {
  const path = cells.map((cell) => rectPath(grid, cell.x, cell.y, 1, 1)).join("");
  const xs = cells.map((c) => c.x);
  const ys = cells.map((c) => c.y);
  const [left, top] = toSvg(grid, Math.min(...xs), Math.max(...ys) + 1);
  const [right, bottom] = toSvg(grid, Math.max(...xs) + 1, Math.min(...ys));
  return { path, box: [left, top, round(right - left), round(bottom - top)], centre: [round((left + right) / 2), round((top + bottom) / 2)] };
}
