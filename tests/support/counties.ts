import type { Position } from "~/projects/boundary";
import { blobRing } from "~/projects/shapes";

// County-sized outlines for tests and the bench. Real county files (DataV's, echarts') cannot be
// downloaded on the test machines, so these stand in with the same size, vertex count and form:
// an array of Features, as DataV serves them, around the county's centre with a ragged edge.

type County = { adcode: number; name: string; centre: Position; areaM2: number; vertices: number };

export const PINGWU: County = { adcode: 510727, name: "平武县", centre: [104.52, 32.41], areaM2: 5_974_000_000, vertices: 6000 };
export const HORQIN_RIGHT_MIDDLE: County = { adcode: 152222, name: "科尔沁右翼中旗", centre: [121.47, 45.06], areaM2: 15_613_000_000, vertices: 6000 };

/** Radius factors of a ragged but never self-crossing outline (a star shape with fixed noise). */
function ragged(vertices: number): number[] {
  return Array.from({ length: vertices }, (_, i) => {
    const t = (2 * Math.PI * i) / vertices;
    return 1 + 0.18 * Math.sin(3 * t) + 0.09 * Math.sin(7 * t + 1) + 0.04 * Math.sin(31 * t + 2) + 0.012 * Math.sin(401 * t);
  });
}

/** The county as DataV's file gives it: a bare array with one Feature. */
export function countyFile(county: County): string {
  const ring = blobRing(county.centre, county.areaM2, ragged(county.vertices)).map(([lon, lat]) => [Number(lon.toFixed(6)), Number(lat.toFixed(6))]);
  ring[ring.length - 1] = ring[0]!;
  return JSON.stringify([
    {
      type: "Feature",
      properties: { adcode: county.adcode, name: county.name, level: "district" },
      geometry: { type: "MultiPolygon", coordinates: [[ring]] },
    },
  ]);
}
