import { describe, expect, it } from "vitest";
import { parseBoundary } from "~/projects/boundary";
import { rectangleRing } from "~/projects/shapes";

const square = rectangleRing([104.52, 32.41], 100, 100);
const problems = (value: unknown) => {
  const result = parseBoundary(typeof value === "string" ? value : JSON.stringify(value));
  return result.ok ? [] : result.problems;
};

describe("uploaded boundaries", () => {
  it("accepts a Polygon, a MultiPolygon, a Feature, a FeatureCollection and a bare array of Features, as one MultiPolygon", () => {
    const other = rectangleRing([104.6, 32.41], 50, 50);
    const inputs = [
      { type: "Polygon", coordinates: [square] },
      { type: "MultiPolygon", coordinates: [[square], [other]] },
      { type: "Feature", properties: { name: "Guanba" }, geometry: { type: "Polygon", coordinates: [square] } },
      {
        type: "FeatureCollection",
        features: [
          { type: "Feature", properties: {}, geometry: { type: "Polygon", coordinates: [square] } },
          { type: "Feature", properties: {}, geometry: { type: "Polygon", coordinates: [other] } },
        ],
      },
      // DataV's and echarts' county files: the features without their collection.
      [
        { type: "Feature", properties: { adcode: 510727 }, geometry: { type: "MultiPolygon", coordinates: [[square]] } },
        { type: "Feature", properties: {}, geometry: { type: "Polygon", coordinates: [other] } },
      ],
    ];
    const polygonCounts = inputs.map((input) => {
      const result = parseBoundary(JSON.stringify(input));
      if (!result.ok) throw new Error(JSON.stringify(result.problems));
      expect(result.boundary.type).toBe("MultiPolygon");
      return result.boundary.coordinates.length;
    });
    expect(polygonCounts).toEqual([1, 2, 1, 2, 2]);
    const result = parseBoundary(JSON.stringify(inputs[0]));
    // turf measures on a sphere, our metres come from the ellipsoid: within 0.1 %.
    expect(Math.abs((result.ok ? result.areaM2 : 0) - 10_000)).toBeLessThan(10);
  });

  it("says what is wrong with a file that is not a polygon boundary", () => {
    expect(problems("")).toEqual([{ code: "empty" }]);
    expect(problems('{\n  "type": "Polygon",\n  not json')).toEqual([{ code: "notJsonAt", params: { line: 3, column: 3 } }]);
    expect(problems('{"type":')).toEqual([{ code: "notJson" }]);
    expect(problems([1, 2])).toEqual([{ code: "notGeoJson" }]);
    expect(problems({ coordinates: [] })).toEqual([{ code: "noType" }]);
    expect(problems({ type: "Point", coordinates: [104, 32] })).toEqual([{ code: "unsupportedType", params: { type: "Point" } }]);
    expect(problems({ type: "Feature", geometry: null })).toEqual([{ code: "featureWithoutGeometry", params: { feature: 1 } }]);
    expect(problems({ type: "FeatureCollection", features: [] })).toEqual([{ code: "noPolygon" }]);
    expect(
      problems({
        type: "FeatureCollection",
        features: [
          { type: "Feature", geometry: { type: "Polygon", coordinates: [square] } },
          { type: "Feature", geometry: { type: "LineString", coordinates: [] } },
        ],
      }),
    ).toEqual([{ code: "featureNotPolygon", params: { feature: 2, type: "LineString" } }]);
  });

  it("points at the ring and position that are broken", () => {
    expect(problems({ type: "Polygon", coordinates: [square.slice(0, 3)] })).toEqual([{ code: "ringTooShort", params: { polygon: 1, ring: 1 } }]);
    expect(problems({ type: "Polygon", coordinates: [square.slice(0, -1).concat([[104.0, 32.0]])] })).toContainEqual({
      code: "ringNotClosed",
      params: { polygon: 1, ring: 1 },
    });
    expect(problems({ type: "Polygon", coordinates: [[...square.slice(0, 2), ["104.5", 32.4], ...square.slice(3)]] })).toContainEqual({
      code: "badPosition",
      params: { polygon: 1, ring: 1, position: 3 },
    });
    // Projected metres instead of degrees.
    const projected = [
      [500_000, 3_580_000],
      [500_100, 3_580_000],
      [500_100, 3_580_100],
      [500_000, 3_580_000],
    ];
    expect(problems({ type: "Polygon", coordinates: [projected] })[0]).toEqual({
      code: "outOfRange",
      params: { polygon: 1, ring: 1, position: 1, lon: 500_000, lat: 3_580_000 },
    });
  });

  it("refuses self-intersecting outlines and polygons inside one another, with where", () => {
    const bowTie = [
      [104.0, 32.0],
      [104.01, 32.01],
      [104.01, 32.0],
      [104.0, 32.01],
      [104.0, 32.0],
    ];
    expect(problems({ type: "Polygon", coordinates: [bowTie] })).toEqual([{ code: "selfIntersection", params: { lon: "104.005000", lat: "32.005000" } }]);
    const inner = rectangleRing([104.52, 32.41], 20, 20);
    expect(problems({ type: "MultiPolygon", coordinates: [[square], [inner]] })).toEqual([{ code: "polygonsOverlap", params: { inner: 2, outer: 1 } }]);
  });
});
