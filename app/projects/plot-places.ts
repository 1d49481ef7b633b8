import type { Boundary, Position } from "./boundary";
import { hilbertIndex } from "./hilbert";
import { cellRing, standNumber, treePlace, unitsAt, type Cell, type Section } from "./layout";
import { plotMapData, type MapData } from "./geojson";
import { drawCells, drawNeighbourhood, rowRuns } from "./map";

// Where a plot is on the ground: a tree's stand, row and place in the row, or a run of 1-m² cells;
// with the centre and bounding box in longitude/latitude and a drawing of its exact cells.

export type PlotPlace = {
  section: number;
  centre: { lon: number; lat: number };
  /** [west, south, east, north] */
  bbox: [number, number, number, number];
  stand: number | null;
  row: number | null;
  tree: number | null;
  drawing: ReturnType<typeof drawCells>;
  /** Its cells (and trees) for the interactive map. */
  map: MapData;
};

const six = (n: number) => Math.round(n * 1e6) / 1e6;

export function placePlot(
  kind: "FOREST" | "PROTECTED_AREA",
  layout: { boundary: Boundary | null; sections: Section[] },
  plot: { code: string; firstUnit: number; unitCount: number },
): PlotPlace | null {
  if (!layout.boundary || !layout.sections.length) return null;
  const units = unitsAt(layout.boundary, layout.sections, plot.firstUnit, plot.unitCount);
  if (!units.length) return null;
  // A run that crosses into the next section is drawn and located by its larger part.
  const section = mostCommon(units.map((u) => u.section));
  const cells = units.filter((u) => u.section === section);
  const grid = layout.sections[section]!.grid;
  const corners: Position[] = cells.flatMap((u) => cellRing(grid, u.cell));
  const lons = corners.map((p) => p[0]);
  const lats = corners.map((p) => p[1]);
  const bbox: PlotPlace["bbox"] = [six(Math.min(...lons)), six(Math.min(...lats)), six(Math.max(...lons)), six(Math.max(...lats))];
  const first = cells[0]!;
  const place = kind === "FOREST" ? treePlace(grid, first.cell) : null;
  return {
    section,
    centre: { lon: six((bbox[0] + bbox[2]) / 2), lat: six((bbox[1] + bbox[3]) / 2) },
    bbox,
    stand: kind === "FOREST" ? standNumber(layout.sections, section, first.block) : null,
    row: place?.row ?? null,
    tree: place?.tree ?? null,
    drawing: drawCells(
      grid,
      cells.map((u) => u.cell),
    ),
    map: plotMapData(
      [...new Set(units.map((u) => u.section))].map((s) => ({ grid: layout.sections[s]!.grid, cells: units.filter((u) => u.section === s).map((u) => u.cell) })),
      { code: plot.code, trees: kind === "FOREST" },
    ),
  };
}

/** Several plots of one project on one map: their features together, framed by all of them. */
export function plotsMapData(maps: MapData[]): MapData | null {
  if (!maps.length) return null;
  const boxes = maps.map((m) => m.bbox);
  return {
    type: "FeatureCollection",
    bbox: [Math.min(...boxes.map((b) => b[0])), Math.min(...boxes.map((b) => b[1])), Math.max(...boxes.map((b) => b[2])), Math.max(...boxes.map((b) => b[3]))],
    features: maps.flatMap((m) => m.features),
  };
}

function mostCommon(values: number[]): number {
  const counts = new Map<number, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1])[0]![0];
}

/** Where a plot is, as the API tells it: no drawing, nothing that is not known. */
export function plotLocation(place: PlotPlace | null) {
  if (!place) return {};
  return {
    centre: place.centre,
    bbox: place.bbox,
    ...(place.stand !== null ? { stand: place.stand, row: place.row, tree: place.tree } : {}),
  };
}

const CLOSE_UP_M = 60;

/**
 * The close-up map of a plot: a window about 60 m across (wider for a larger plot) centred on it,
 * with other holders' allocated cells inside the window drawn anonymous and faint.
 */
export function plotNeighbourhood(layout: { boundary: Boundary | null; sections: Section[] }, plot: { firstUnit: number; unitCount: number }, allocatedUnits: number) {
  if (!layout.boundary || !layout.sections.length) return null;
  const own = unitsAt(layout.boundary, layout.sections, plot.firstUnit, plot.unitCount);
  if (!own.length) return null;
  const s = mostCommon(own.map((u) => u.section));
  const section = layout.sections[s]!;
  const { grid } = section;
  const mine = own.filter((u) => u.section === s).map((u) => u.cell);
  const xs = mine.map((c) => c.x);
  const ys = mine.map((c) => c.y);
  const halfW = Math.ceil(Math.max(CLOSE_UP_M / grid.cellWidthM, 3 * (Math.max(...xs) - Math.min(...xs) + 1)) / 2);
  const halfH = Math.ceil(Math.max(CLOSE_UP_M / grid.cellHeightM, 3 * (Math.max(...ys) - Math.min(...ys) + 1)) / 2);
  const cx = Math.floor((Math.min(...xs) + Math.max(...xs) + 1) / 2);
  const cy = Math.floor((Math.min(...ys) + Math.max(...ys) + 1) / 2);
  const window = { x0: cx - halfW, y0: cy - halfH, x1: cx + halfW, y1: cy + halfH };

  // Every block the window overlaps: the units allocated in them, outside this plot, inside the window.
  const side = 2 ** grid.blockOrder;
  const blocksOrder = grid.order - grid.blockOrder;
  const last = 2 ** blocksOrder - 1;
  const blocks: number[] = [];
  for (let by = Math.max(0, Math.floor(window.y0 / side)); by <= Math.min(last, Math.floor((window.y1 - 1) / side)); by++) {
    for (let bx = Math.max(0, Math.floor(window.x0 / side)); bx <= Math.min(last, Math.floor((window.x1 - 1) / side)); bx++) {
      blocks.push(hilbertIndex(blocksOrder, bx, by));
    }
  }
  const inWindow = (c: Cell) => c.x >= window.x0 && c.x < window.x1 && c.y >= window.y0 && c.y < window.y1;
  const others = blocks.flatMap((k) => {
    const first = section.firstUnit + section.blockUnits[k]!;
    const end = Math.min(section.firstUnit + section.blockUnits[k + 1]!, allocatedUnits);
    if (end <= first) return [];
    return unitsAt(layout.boundary!, layout.sections, first, end - first)
      .filter((u) => u.section === s && (u.unit < plot.firstUnit || u.unit >= plot.firstUnit + plot.unitCount) && inWindow(u.cell))
      .map((u) => u.cell);
  });
  return drawNeighbourhood(layout.boundary.coordinates[section.polygon]!, grid, window, mine, others);
}

/**
 * Metres from a point to the nearest of a plot's cells (0 on one), in each section's own plane:
 * what "at their land" means for a guardian's visit.
 */
export function distanceToPlotM(layout: { boundary: Boundary | null; sections: Section[] }, plot: { firstUnit: number; unitCount: number }, [lon, lat]: Position): number | null {
  if (!layout.boundary || !layout.sections.length) return null;
  const units = unitsAt(layout.boundary, layout.sections, plot.firstUnit, plot.unitCount);
  if (!units.length) return null;
  let nearest = Infinity;
  for (const s of new Set(units.map((u) => u.section))) {
    const { grid } = layout.sections[s]!;
    const px = (lon - grid.originLon) * grid.metresPerDegreeLon;
    const py = (lat - grid.originLat) * grid.metresPerDegreeLat;
    for (const { x, y, width } of rowRuns(units.filter((u) => u.section === s).map((u) => u.cell))) {
      const dx = Math.max(0, x * grid.cellWidthM - px, px - (x + width) * grid.cellWidthM);
      const dy = Math.max(0, y * grid.cellHeightM - py, py - (y + 1) * grid.cellHeightM);
      nearest = Math.min(nearest, Math.hypot(dx, dy));
    }
  }
  return nearest;
}
