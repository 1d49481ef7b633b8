import bboxClip from "@turf/bbox-clip";
import { polygon as turfPolygon } from "@turf/helpers";
import type { Boundary, Position } from "./boundary";
import { toLonLat, type Cell, type Section, type SectionGrid } from "./layout";
import { blockSquares, rowRuns, sectionsByPolygon } from "./map";

// The same land as the SVG drawings (map.ts), in longitude/latitude for the interactive map:
// boundary, sections (a county's tiles), blocks taken and free clipped to the boundary, and a
// holder's own cells and tree positions.

/** `place` and `mine-place`: points where a polygon or a plot is, drawn as rings when zoomed out too far to see them. */
export type MapRole = "boundary" | "place" | "section" | "taken" | "free" | "mine" | "mine-place" | "tree";
type Properties = { role: MapRole; section?: number; code?: string };
export type MapFeature = {
  type: "Feature";
  properties: Properties;
  geometry: { type: "Polygon"; coordinates: Position[][] } | { type: "MultiPolygon"; coordinates: Position[][][] } | { type: "Point"; coordinates: Position };
};
export type MapData = { type: "FeatureCollection"; bbox: [number, number, number, number]; features: MapFeature[] };

/** 1e-7° is about a centimetre: enough for a square metre, small enough for a county. */
const e7 = (n: number) => Math.round(n * 1e7) / 1e7;
const at = (grid: SectionGrid, u: number, v: number): Position => toLonLat(grid, u, v).map(e7) as Position;

function rectangle(grid: SectionGrid, x: number, y: number, width: number, height: number): Position[] {
  return [at(grid, x, y), at(grid, x + width, y), at(grid, x + width, y + height), at(grid, x, y + height), at(grid, x, y)];
}

/** A rectangle of a section's cells cut to the boundary polygon: what of it is land of the project. */
function clipped(rings: Position[][], grid: SectionGrid, x: number, y: number, width: number, height: number): MapFeature["geometry"] | null {
  const [west, south] = toLonLat(grid, x, y);
  const [east, north] = toLonLat(grid, x + width, y + height);
  const cut = bboxClip(turfPolygon(rings), [west, south, east, north]).geometry;
  const polygons = (cut.type === "Polygon" ? [cut.coordinates] : cut.coordinates) as number[][][][];
  const parts = polygons.filter((part) => part.length && part[0]!.length >= 4);
  if (!parts.length) return null;
  const coordinates = parts.map((part) => part.map((ring) => ring.map(([lon, lat]) => [e7(lon!), e7(lat!)] as Position)));
  return coordinates.length === 1 ? { type: "Polygon", coordinates: coordinates[0]! } : { type: "MultiPolygon", coordinates };
}

function bboxOf(boundary: Boundary): MapData["bbox"] {
  const points = boundary.coordinates.flatMap((rings) => rings[0]!);
  const lons = points.map((p) => p[0]);
  const lats = points.map((p) => p[1]);
  return [Math.min(...lons), Math.min(...lats), Math.max(...lons), Math.max(...lats)];
}

/** A project's land for the interactive map: what anyone may see of it, as on its SVG drawing. */
export function projectMapData(boundary: Boundary, sections: Section[], allocatedUnits: number): MapData {
  const features: MapFeature[] = boundary.coordinates.flatMap((rings): MapFeature[] => {
    const lons = rings[0]!.map((p) => p[0]);
    const lats = rings[0]!.map((p) => p[1]);
    const centre: Position = [e7((Math.min(...lons) + Math.max(...lons)) / 2), e7((Math.min(...lats) + Math.max(...lats)) / 2)];
    return [
      { type: "Feature", properties: { role: "boundary" }, geometry: { type: "Polygon", coordinates: rings } },
      { type: "Feature", properties: { role: "place" }, geometry: { type: "Point", coordinates: centre } },
    ];
  });
  for (const { rings, indexes } of sectionsByPolygon(boundary, sections)) {
    if (indexes.length > 1) {
      for (const i of indexes) {
        const { grid } = sections[i]!;
        const geometry = clipped(rings, grid, 0, 0, grid.cols, grid.rows);
        if (geometry) features.push({ type: "Feature", properties: { role: "section", section: i + 1 }, geometry });
      }
    }
    for (const square of blockSquares(sections, indexes, allocatedUnits).squares) {
      const geometry = clipped(rings, sections[square.section]!.grid, square.x, square.y, square.side, square.side);
      if (geometry) features.push({ type: "Feature", properties: { role: square.taken ? "taken" : "free" }, geometry });
    }
  }
  return { type: "FeatureCollection", bbox: bboxOf(boundary), features };
}

/**
 * A holder's plot: its cells (each row's run one rectangle, in whichever sections it lies) and, for
 * a forest, each tree's place at the centre of its cell, shown when zoomed in close.
 */
export function plotMapData(parts: { grid: SectionGrid; cells: Cell[] }[], options: { code: string; trees: boolean }): MapData {
  const rectangles = parts.flatMap(({ grid, cells }) => rowRuns(cells).map(({ x, y, width }) => [rectangle(grid, x, y, width, 1)]));
  const features: MapFeature[] = [{ type: "Feature", properties: { role: "mine", code: options.code }, geometry: { type: "MultiPolygon", coordinates: rectangles } }];
  if (options.trees) {
    for (const { grid, cells } of parts) {
      for (const cell of cells) features.push({ type: "Feature", properties: { role: "tree", code: options.code }, geometry: { type: "Point", coordinates: at(grid, cell.x + 0.5, cell.y + 0.5) } });
    }
  }
  const corners = rectangles.flatMap((polygon) => polygon[0]!);
  const lons = corners.map((p) => p[0]);
  const lats = corners.map((p) => p[1]);
  const bbox: MapData["bbox"] = [Math.min(...lons), Math.min(...lats), Math.max(...lons), Math.max(...lats)];
  features.push({ type: "Feature", properties: { role: "mine-place", code: options.code }, geometry: { type: "Point", coordinates: [e7((bbox[0] + bbox[2]) / 2), e7((bbox[1] + bbox[3]) / 2)] } });
  return { type: "FeatureCollection", bbox, features };
}
