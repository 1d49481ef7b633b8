import type { Boundary, Position } from "./boundary";
import { cellRing, standNumber, treePlace, unitsAt, type Section } from "./layout";
import { drawCells } from "./map";

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
};

const six = (n: number) => Math.round(n * 1e6) / 1e6;

export function placePlot(
  kind: "FOREST" | "PROTECTED_AREA",
  layout: { boundary: Boundary | null; sections: Section[] },
  plot: { firstUnit: number; unitCount: number },
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
