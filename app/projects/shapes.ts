import type { Position, Ring } from "./boundary";

// Boundaries drawn in metres around a point, for the seed and for tests. Real projects upload the
// surveyed GeoJSON instead.

function metresPerDegree(lat: number) {
  const phi = (lat * Math.PI) / 180;
  return { lon: 111_412.84 * Math.cos(phi) - 93.5 * Math.cos(3 * phi), lat: 111_132.92 - 559.82 * Math.cos(2 * phi) + 1.175 * Math.cos(4 * phi) };
}

/** A closed ring through points given in metres east and north of [lon, lat]. */
export function ringFromMetres([lon, lat]: Position, points: [number, number][]): Ring {
  const scale = metresPerDegree(lat);
  const ring = points.map(([east, north]) => [lon + east / scale.lon, lat + north / scale.lat] as Position);
  return [...ring, ring[0]!];
}

export function rectangleRing(centre: Position, widthM: number, heightM: number): Ring {
  const w = widthM / 2;
  const h = heightM / 2;
  return ringFromMetres(centre, [
    [-w, -h],
    [w, -h],
    [w, h],
    [-w, h],
  ]);
}

/**
 * An irregular, star-shaped outline of about `areaM2` around `centre`: one radius factor per
 * vertex, spread evenly by angle, scaled so that the polygon has the requested area.
 */
export function blobRing(centre: Position, areaM2: number, radiusFactors: number[]): Ring {
  const step = (2 * Math.PI) / radiusFactors.length;
  let unitArea = 0;
  radiusFactors.forEach((r, i) => (unitArea += 0.5 * r * radiusFactors[(i + 1) % radiusFactors.length]! * Math.sin(step)));
  const scale = Math.sqrt(areaM2 / unitArea);
  return ringFromMetres(
    centre,
    radiusFactors.map((r, i) => [Math.cos(i * step) * r * scale, Math.sin(i * step) * r * scale]),
  );
}
