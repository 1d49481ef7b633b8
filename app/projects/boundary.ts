import turfArea from "@turf/area";
import booleanPointInPolygon from "@turf/boolean-point-in-polygon";
import { multiPolygon, polygon } from "@turf/helpers";
import turfKinks from "@turf/kinks";
import { MAX_BOUNDARY_BYTES } from "./project-form";

// A project's boundary is a GeoJSON MultiPolygon in WGS 84 longitude/latitude (RFC 7946); every
// polygon of it becomes one section of the layout. Uploaded files are checked here and every
// problem is reported with where it is, so an operator can fix the file rather than guess.

export type Position = [number, number];
export type Ring = Position[];
export type PolygonRings = Ring[];
export type Boundary = { type: "MultiPolygon"; coordinates: PolygonRings[] };

export type BoundaryProblem = { code: BoundaryProblemCode; params?: Record<string, string | number> };
export type BoundaryProblemCode =
  | "empty"
  | "tooLarge"
  | "notJson"
  | "notJsonAt"
  | "notGeoJson"
  | "noType"
  | "unsupportedType"
  | "featureNotPolygon"
  | "featureWithoutGeometry"
  | "noPolygon"
  | "ringTooShort"
  | "ringNotClosed"
  | "badPosition"
  | "outOfRange"
  | "tooManyVertices"
  | "selfIntersection"
  | "polygonsOverlap"
  | "zeroArea";

const MAX_VERTICES = 20_000;
const MAX_LISTED = 5;

export type BoundaryResult = { ok: true; boundary: Boundary; areaM2: number } | { ok: false; problems: BoundaryProblem[] };

export function parseBoundary(text: string): BoundaryResult {
  if (!text.trim()) return fail({ code: "empty" });
  if (text.length > MAX_BOUNDARY_BYTES) return fail({ code: "tooLarge", params: { max: MAX_BOUNDARY_BYTES / 1_000_000 } });
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    // The parser's wording ("Unexpected token") is for programmers; where it stopped helps people.
    const position = /position (\d+)/.exec((error as Error).message)?.[1];
    if (position === undefined) return fail({ code: "notJson" });
    const before = text.slice(0, Number(position)).split("\n");
    return fail({ code: "notJsonAt", params: { line: before.length, column: before.at(-1)!.length + 1 } });
  }

  const gathered = gatherPolygons(json);
  if ("problems" in gathered) return { ok: false, problems: gathered.problems };
  if (!gathered.polygons.length) return fail({ code: "noPolygon" });

  const problems: BoundaryProblem[] = [];
  let vertices = 0;
  gathered.polygons.forEach((rings, p) => {
    if (!Array.isArray(rings) || rings.length === 0) {
      problems.push({ code: "ringTooShort", params: { polygon: p + 1, ring: 1 } });
      return;
    }
    rings.forEach((ring, r) => {
      const at = { polygon: p + 1, ring: r + 1 };
      if (!Array.isArray(ring) || ring.length < 4) {
        problems.push({ code: "ringTooShort", params: at });
        return;
      }
      vertices += ring.length;
      ring.forEach((position, i) => {
        if (!isPosition(position)) problems.push({ code: "badPosition", params: { ...at, position: i + 1 } });
        else if (Math.abs(position[0]) > 180 || Math.abs(position[1]) > 90) {
          problems.push({ code: "outOfRange", params: { ...at, position: i + 1, lon: position[0], lat: position[1] } });
        }
      });
      const first = ring[0];
      const last = ring[ring.length - 1];
      if (isPosition(first) && isPosition(last) && (first[0] !== last[0] || first[1] !== last[1])) {
        problems.push({ code: "ringNotClosed", params: at });
      }
    });
  });
  if (vertices > MAX_VERTICES) problems.push({ code: "tooManyVertices", params: { count: vertices, max: MAX_VERTICES } });
  if (problems.length) return { ok: false, problems: problems.slice(0, MAX_LISTED * 4) };

  // Whole 1e-7 degrees (about 1 cm) survive any round trip through JSON and the database exactly,
  // so the layout computed now is the layout read back later.
  const polygons = gathered.polygons.map((rings) => rings.map((ring) => ring.map(([lon, lat]) => [toE7(lon), toE7(lat)] as Position)));
  const boundary: Boundary = { type: "MultiPolygon", coordinates: polygons };

  const crossings = turfKinks(multiPolygon(polygons)).features.slice(0, MAX_LISTED);
  if (crossings.length) {
    return {
      ok: false,
      problems: crossings.map((point) => {
        const [lon, lat] = point.geometry.coordinates as Position;
        return { code: "selfIntersection" as const, params: { lon: lon.toFixed(6), lat: lat.toFixed(6) } };
      }),
    };
  }
  // Edges that never cross can still nest one polygon inside another.
  for (let a = 0; a < polygons.length; a++) {
    for (let b = 0; b < polygons.length; b++) {
      if (a !== b && booleanPointInPolygon(polygons[a]![0]![0]!, polygon(polygons[b]!))) {
        return fail({ code: "polygonsOverlap", params: { inner: a + 1, outer: b + 1 } });
      }
    }
  }

  const areaM2 = turfArea(boundary);
  if (!(areaM2 > 0)) return fail({ code: "zeroArea" });
  return { ok: true, boundary, areaM2 };
}

export const toE7 = (degrees: number) => Math.round(degrees * 1e7) / 1e7;

function fail(problem: BoundaryProblem): BoundaryResult {
  return { ok: false, problems: [problem] };
}

function isPosition(value: unknown): value is Position {
  return Array.isArray(value) && value.length >= 2 && Number.isFinite(value[0]) && Number.isFinite(value[1]);
}

type Gathered = { polygons: PolygonRings[] } | { problems: BoundaryProblem[] };

const isFeature = (value: unknown) => Boolean(value) && typeof value === "object" && (value as { type?: unknown }).type === "Feature";

/**
 * Accepts a Polygon, a MultiPolygon, a Feature of either, a FeatureCollection of such Features, or
 * a bare array of them (the form DataV's and echarts' county files come in).
 */
function gatherPolygons(json: unknown): Gathered {
  if (Array.isArray(json) && json.length > 0 && json.every(isFeature)) return gatherPolygons({ type: "FeatureCollection", features: json });
  const object = json as { type?: unknown; coordinates?: unknown; geometry?: unknown; features?: unknown };
  if (!object || typeof object !== "object" || Array.isArray(object)) return { problems: [{ code: "notGeoJson" }] };
  switch (object.type) {
    case "Polygon":
      return { polygons: [object.coordinates as PolygonRings] };
    case "MultiPolygon":
      return { polygons: Array.isArray(object.coordinates) ? (object.coordinates as PolygonRings[]) : [] };
    case "Feature": {
      const geometry = object.geometry as { type?: unknown } | null;
      if (geometry?.type !== "Polygon" && geometry?.type !== "MultiPolygon") return { problems: [notPolygon(1, geometry?.type)] };
      return gatherPolygons(geometry);
    }
    case "FeatureCollection": {
      const features = Array.isArray(object.features) ? object.features : [];
      const polygons: PolygonRings[] = [];
      const problems: BoundaryProblem[] = [];
      features.forEach((feature: { geometry?: { type?: unknown } | null }, i: number) => {
        const type = feature?.geometry?.type;
        if (type !== "Polygon" && type !== "MultiPolygon") {
          problems.push(notPolygon(i + 1, type));
          return;
        }
        const inner = gatherPolygons(feature.geometry);
        if ("polygons" in inner) polygons.push(...inner.polygons);
      });
      return problems.length ? { problems: problems.slice(0, MAX_LISTED) } : { polygons };
    }
    default:
      if (object.type === undefined) return { problems: [{ code: "noType" }] };
      return { problems: [{ code: "unsupportedType", params: { type: shown(object.type) } }] };
  }
}

/** A type named in a message: the file's own text, cut short. */
const shown = (type: unknown) => String(type).slice(0, 40);

const notPolygon = (feature: number, type: unknown): BoundaryProblem =>
  type === undefined || type === null ? { code: "featureWithoutGeometry", params: { feature } } : { code: "featureNotPolygon", params: { feature, type: shown(type) } };
