import area from "@turf/area";
import booleanPointInPolygon from "@turf/boolean-point-in-polygon";
import { point, polygon } from "@turf/helpers";
import { describe, expect, it } from "vitest";
import type { Boundary, Position } from "~/projects/boundary";
import { plotMapData, projectMapData, type MapFeature } from "~/projects/geojson";
import { layOut, unitsAt } from "~/projects/layout";
import { blobRing, rectangleRing } from "~/projects/shapes";

// The interactive map's GeoJSON (projects/geojson.ts): the same land as the SVG drawings, in degrees.

const PINGWU: Position = [104.52, 32.41];
const areaOf = (features: MapFeature[]) => features.reduce((sum, f) => sum + area(f as Parameters<typeof area>[0]), 0);

const curved: Boundary = { type: "MultiPolygon", coordinates: [[blobRing(PINGWU, 2_000_000, [1, 1.3, 0.8, 1.1, 0.9, 1.25])], [rectangleRing([104.7, 32.5], 400, 300)]] };

describe("the map's land", () => {
  const { sections, units } = layOut(curved, "FOREST");
  const roles = (allocated: number) => projectMapData(curved, sections, allocated).features;

  it("covers exactly the boundary with blocks cut to its line, none spilling over it", () => {
    const features = roles(0);
    const blocks = features.filter((f) => f.properties.role === "free");
    expect(blocks.length).toBeGreaterThan(10);
    expect(features.filter((f) => f.properties.role === "taken")).toEqual([]);
    // Blocks cut to the boundary never cover more than it does, and cover nearly all of it.
    const boundaryArea = areaOf(features.filter((f) => f.properties.role === "boundary"));
    const blockArea = areaOf(blocks);
    expect(blockArea).toBeLessThanOrEqual(boundaryArea * 1.0001);
    expect(blockArea).toBeGreaterThan(boundaryArea * 0.9);
    // Every corner of every block lies inside the boundary or on its line.
    const shapes = curved.coordinates.map((rings) => polygon(rings));
    const near = (p: Position) => shapes.some((shape) => booleanPointInPolygon(point(p), shape) || booleanPointInPolygon(point([p[0] + 1e-7, p[1]]), shape) || booleanPointInPolygon(point([p[0] - 1e-7, p[1]]), shape) || booleanPointInPolygon(point([p[0], p[1] + 1e-7]), shape) || booleanPointInPolygon(point([p[0], p[1] - 1e-7]), shape));
    const corners = blocks.flatMap((f) => (f.geometry.type === "Polygon" ? f.geometry.coordinates.flat() : f.geometry.type === "MultiPolygon" ? f.geometry.coordinates.flat(2) : []));
    expect(corners.filter((p) => !near(p))).toEqual([]);
    // Where each polygon is, for the ring drawn when zoomed out.
    expect(features.filter((f) => f.properties.role === "place")).toHaveLength(2);
  });

  it("shades the blocks whose units are all allocated as taken, and only those", () => {
    const all = roles(units);
    expect(all.filter((f) => f.properties.role === "free")).toEqual([]);
    const half = roles(Math.floor(units / 2));
    const taken = areaOf(half.filter((f) => f.properties.role === "taken"));
    const free = areaOf(half.filter((f) => f.properties.role === "free"));
    expect(taken / (taken + free)).toBeGreaterThan(0.35);
    expect(taken / (taken + free)).toBeLessThan(0.65);
  });

  it("draws a county's tiles as sections of the one polygon", () => {
    const wide: Boundary = { type: "MultiPolygon", coordinates: [[rectangleRing(PINGWU, 20_000, 40)]] };
    const laid = layOut(wide, "PROTECTED_AREA");
    const features = projectMapData(wide, laid.sections, 0).features;
    const tiles = features.filter((f) => f.properties.role === "section");
    expect(tiles.map((f) => f.properties.section)).toEqual([1, 2]);
    // Equal but for coordinates kept to 1e-7° (a centimetre along 20 km).
    expect(areaOf(tiles) / areaOf(features.filter((f) => f.properties.role === "boundary"))).toBeCloseTo(1, 3);
  });
});

describe("a plot on the map", () => {
  it("is its cells, row by row, of the plot's area, with a point per tree in a forest", () => {
    const { sections } = layOut(curved, "FOREST");
    const trees = unitsAt(curved, sections, 500, 12);
    const grid = sections[trees[0]!.section]!.grid;
    const data = plotMapData([{ grid, cells: trees.map((u) => u.cell) }], { code: "SBT-00000501", trees: true });
    const cells = data.features.filter((f) => f.properties.role === "mine");
    expect(areaOf(cells)).toBeGreaterThan(12 * 15 * 0.99);
    expect(areaOf(cells)).toBeLessThan(12 * 15 * 1.01);
    expect(data.features.filter((f) => f.properties.role === "tree")).toHaveLength(12);
    const [west, south, east, north] = data.bbox;
    for (const tree of data.features.filter((f) => f.properties.role === "tree")) {
      const [lon, lat] = tree.geometry.coordinates as Position;
      expect(lon > west && lon < east && lat > south && lat < north).toBe(true);
    }
  });
});
