import { randomBytes, randomUUID } from "node:crypto";
import booleanPointInPolygon from "@turf/boolean-point-in-polygon";
import { point } from "@turf/helpers";
import { afterEach, describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import { wallTimeOf } from "~/energy/local-time";
import { parseBoundary, type Boundary } from "~/projects/boundary";
import { cellCentre, unitsAt } from "~/projects/layout";
import { createProject, findProjectLayout, updateProject } from "~/projects/manage.server";
import { listPlotsHeld } from "~/projects/plots.server";
import { blobRing, rectangleRing } from "~/projects/shapes";
import { findCertificate } from "~/redemption/certificates.server";
import { requestRedemption } from "~/redemption/redeem.server";
import { settleProject } from "~/redemption/settle.server";
import { MAX_CAPACITY } from "~/projects/project-form";
import { projectMaps } from "~/projects/layouts.server";
import { drawPolygons } from "~/projects/map";
import { countyFile, PINGWU as PINGWU_COUNTY } from "../support/counties";
import { createTestUser, expectLedgerConsistent } from "../support/factories";

afterEach(expectLedgerConsistent);

const PINGWU: [number, number] = [104.52, 32.41];
const polygonFile = (...rings: ReturnType<typeof rectangleRing>[]) => JSON.stringify({ type: "MultiPolygon", coordinates: rings.map((ring) => [ring]) });

function fields(kind: "FOREST" | "PROTECTED_AREA" = "PROTECTED_AREA", capacity?: number) {
  const tag = randomBytes(4).toString("hex");
  return {
    slug: `layout-${tag}`,
    kind,
    nameZh: `布局 ${tag}`,
    nameEn: `Layout ${tag}`,
    countyZh: "平武县",
    countyEn: "Pingwu County",
    species: kind === "FOREST" ? "sea buckthorn" : undefined,
    codePrefix: `L${tag.toUpperCase()}`,
    unitCostGrams: 10,
    capacity,
    opensAt: wallTimeOf(new Date(Date.now() - 120_000), "Asia/Shanghai"),
  };
}

async function created(kind: "FOREST" | "PROTECTED_AREA", boundary: string, capacity?: number) {
  const result = await createProject(fields(kind, capacity), boundary);
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.project;
}

describe("operators laying out projects", () => {
  it("stores nothing for a broken boundary and says what is wrong", async () => {
    const before = await db().project.count();
    const bowTie = { type: "Polygon", coordinates: [[[104, 32], [104.01, 32.01], [104.01, 32], [104, 32.01], [104, 32]]] };
    expect(await createProject(fields(), JSON.stringify(bowTie))).toEqual({
      ok: false,
      problems: [{ code: "selfIntersection", params: { lon: "104.005000", lat: "32.005000" } }],
    });
    expect(await createProject(fields(), "{")).toMatchObject({ ok: false, problems: [{ code: "notJsonAt", params: { line: 1, column: 2 } }] });
    expect(await db().project.count()).toBe(before);
  });

  it("lays a boundary out into sections, offers every unit by default and never more than fit", async () => {
    const file = polygonFile(rectangleRing(PINGWU, 40, 25), rectangleRing([104.6, 32.45], 10, 10));
    const project = await created("PROTECTED_AREA", file);
    // A metre along every edge holds no unit: 38 × 23 and 8 × 8 cells.
    expect(project.layoutUnits).toBe(BigInt(38 * 23 + 8 * 8));
    expect(BigInt(project.capacity)).toBe(project.layoutUnits);
    const layout = (await findProjectLayout(project.id))!;
    expect(layout.sections.map((s) => [s.firstUnit, s.unitCount])).toEqual([
      [0, 874],
      [874, 64],
    ]);
    expect(await createProject(fields("PROTECTED_AREA", 939), file)).toEqual({ ok: false, problems: [{ code: "capacityOverLayout", params: { units: 938 } }] });
    const taken = await createProject({ ...fields(), slug: project.slug }, file);
    expect(taken).toEqual({ ok: false, problems: [], fieldErrors: { slug: ["projectForm.errors.slugTaken"] } });
  });

  it("takes a whole county (Pingwu, ~5,974 km² of 1-m² cells) as DataV gives it, cut into tiles, and hands out land inside it", async () => {
    const file = countyFile(PINGWU_COUNTY);
    const project = await created("PROTECTED_AREA", file);
    const { areaM2 } = parseBoundary(file) as { areaM2: number };
    expect(Math.abs(Number(project.layoutUnits) - areaM2) / areaM2).toBeLessThan(0.001);
    expect(project.layoutUnits).toBeGreaterThan(BigInt(MAX_CAPACITY)); // more than one project can offer
    expect(project.capacity).toBe(MAX_CAPACITY);
    const layout = (await findProjectLayout(project.id))!;
    expect(layout.sections.length).toBeGreaterThan(20);
    expect(new Set(layout.sections.map((s) => s.polygon))).toEqual(new Set([0]));
    expect(layout.sections.at(-1)!.firstUnit + layout.sections.at(-1)!.unitCount).toBe(Number(project.layoutUnits));

    const user = await createTestUser({ grams: 100_000 });
    await requestRedemption({ userId: user.id, projectId: project.id, quantity: 500, idempotencyKey: randomUUID() });
    await settleProject(project.id);
    const [plot] = await listPlotsHeld(user.id);
    const county = { type: "Polygon" as const, coordinates: layout.boundary!.coordinates[0]! };
    for (const { cell, section } of unitsAt(layout.boundary!, layout.sections, plot!.firstUnit, plot!.unitCount)) {
      expect(booleanPointInPolygon(point(cellCentre(layout.sections[section]!.grid, cell)), county)).toBe(true);
    }
    // One drawing for the one polygon, its tens of thousands of blocks merged into a page's worth.
    expect(await projectMaps(project.id)).toHaveLength(1);
    const [drawing] = drawPolygons(layout.boundary!, layout.sections, 0);
    expect(drawing!.blocks).toBeGreaterThan(100_000);
    expect(drawing!.free.split("M").length).toBeGreaterThan(500);
    expect(drawing!.free.split("M").length).toBeLessThan(3_000);
  }, 120_000);

  it("keeps capacity between what is allocated and what fits, and the boundary fixed once a unit is allocated", async () => {
    const project = await created("PROTECTED_AREA", polygonFile(rectangleRing(PINGWU, 20, 20)), 300);
    const edit = { ...fields(), capacity: 300 };
    const bigger = polygonFile(rectangleRing(PINGWU, 30, 30));
    const before = (await findProjectLayout(project.id))!; // now kept by this process, per layout version
    const replaced = await updateProject(project.id, { ...edit, capacity: 700 }, bigger);
    expect(replaced).toMatchObject({ ok: true, project: { layoutUnits: 784n, capacity: 700 } });
    const after = (await findProjectLayout(project.id))!;
    expect(after.sections.reduce((units, s) => units + s.unitCount, 0)).toBe(784);
    expect(after.boundary).not.toEqual(before.boundary);

    const user = await createTestUser({ grams: 10_000 });
    await requestRedemption({ userId: user.id, projectId: project.id, quantity: 50, idempotencyKey: randomUUID() });
    await settleProject(project.id);

    expect(await updateProject(project.id, edit, polygonFile(rectangleRing(PINGWU, 40, 40)))).toEqual({
      ok: false,
      problems: [{ code: "boundaryLocked", params: { allocated: 50 } }],
    });
    expect(await updateProject(project.id, { ...edit, capacity: 49 }, null)).toEqual({ ok: false, problems: [{ code: "capacityBelowAllocated", params: { allocated: 50 } }] });
    expect(await updateProject(project.id, { ...edit, capacity: 785 }, null)).toEqual({ ok: false, problems: [{ code: "capacityOverLayout", params: { units: 784 } }] });
    expect(await updateProject(project.id, { ...edit, capacity: 50 }, null)).toMatchObject({ ok: true, project: { capacity: 50, layoutUnits: 784n } });
  });

  it("never swaps the boundary under plots that a batch is settling at the same moment", async () => {
    for (let round = 0; round < 6; round++) {
      const first = polygonFile(rectangleRing(PINGWU, 30, 30));
      const project = await created("PROTECTED_AREA", first);
      const user = await createTestUser({ grams: 1_000 });
      await requestRedemption({ userId: user.id, projectId: project.id, quantity: 5, idempotencyKey: randomUUID() });
      const [, replaced] = await Promise.all([settleProject(project.id), updateProject(project.id, { ...fields(), capacity: 500 }, polygonFile(rectangleRing([104.7, 32.5], 25, 25)))]);
      const after = (await findProjectLayout(project.id))!;
      if (replaced!.ok) {
        // The boundary changed first: the plot was laid out in the new one.
        expect(after.project.layoutUnits).toBe(529n);
      } else {
        expect(replaced).toEqual({ ok: false, problems: [{ code: "boundaryLocked", params: { allocated: 5 } }] });
        expect(after.project.layoutUnits).toBe(784n);
        expect(after.boundary).toEqual((parseBoundary(first) as { boundary: Boundary }).boundary);
      }
      expect(after.project.allocatedUnits).toBe(5);
    }
  });
});

describe("plots on the ground", () => {
  it("gives every guardian their own cells inside the boundary, none shared, found again from the certificate", async () => {
    const ring = blobRing(PINGWU, 20_000, [1, 0.6, 1.2, 0.9, 1.1, 0.7, 1.3]);
    const boundaryFile = polygonFile(ring);
    const project = await created("PROTECTED_AREA", boundaryFile);
    const users = await Promise.all(Array.from({ length: 24 }, () => createTestUser({ grams: 100_000 })));
    await Promise.all(users.map((user, i) => requestRedemption({ userId: user.id, projectId: project.id, quantity: 50 + i * 20, idempotencyKey: randomUUID() })));
    await settleProject(project.id);

    const boundary = JSON.parse(boundaryFile) as Boundary;
    const layout = (await findProjectLayout(project.id))!;
    const seen = new Set<string>();
    for (const user of users) {
      const [plot] = await listPlotsHeld(user.id);
      const cells = unitsAt(boundary, layout.sections, plot!.firstUnit, plot!.unitCount);
      expect(cells).toHaveLength(plot!.unitCount);
      for (const { cell } of cells) {
        expect(seen.has(`${cell.x},${cell.y}`)).toBe(false);
        seen.add(`${cell.x},${cell.y}`);
        expect(booleanPointInPolygon(point(cellCentre(layout.sections[0]!.grid, cell)), boundary.coordinates[0] ? { type: "Polygon", coordinates: boundary.coordinates[0] } : boundary)).toBe(true);
      }
      const [west, south, east, north] = plot!.place!.bbox;
      expect(booleanPointInPolygon(point([plot!.place!.centre.lon, plot!.place!.centre.lat]), { type: "Polygon", coordinates: [[[west, south], [east, south], [east, north], [west, north], [west, south]]] })).toBe(true);

      const redemption = await db().redemption.findFirstOrThrow({ where: { userId: user.id } });
      const certificate = await findCertificate(redemption.certificateNumber!);
      expect(certificate!.plots[0]!.place!.centre).toEqual(plot!.place!.centre);
    }
  });

  it("names a tree by its stand, row and place in the row", async () => {
    // 96 m × 160 m is exactly one stand of 32 × 32 tree positions at 3 m × 5 m; those along the edge
    // hold no tree.
    const project = await created("FOREST", polygonFile(rectangleRing(PINGWU, 96, 160)));
    expect(project.layoutUnits).toBe(30n * 30n);
    const user = await createTestUser({ grams: 1_000 });
    await requestRedemption({ userId: user.id, projectId: project.id, quantity: 3, idempotencyKey: randomUUID() });
    await settleProject(project.id);
    const places = (await listPlotsHeld(user.id)).map((plot) => plot.place);
    // Along the curve from the corner, skipping the edge row and column: (1,1), (1,3), (1,2).
    expect(places.map((p) => [p!.stand, p!.row, p!.tree])).toEqual([
      [1, 2, 2],
      [1, 4, 2],
      [1, 3, 2],
    ]);
  });
});

describe("the tallies pages read", () => {
  it("follow plots and redemptions written any way: settled, planted, verified, given to another holder, deleted", async () => {
    const { db } = await import("~/db/client.server");
    const { tallyDrift, countersByProject, guardianCount } = await import("~/projects/area.server");
    const { requestRedemption } = await import("~/redemption/redeem.server");
    const { settleProject } = await import("~/redemption/settle.server");
    const { createTestProject, createTestUser } = await import("../support/factories");
    const project = await createTestProject({ capacity: 30, unitCostGrams: 10 });
    const [a, b, c] = await Promise.all([createTestUser({ grams: 100 }), createTestUser({ grams: 100 }), createTestUser({ grams: 100 })]);
    for (const [user, quantity] of [[a!, 3], [b!, 2], [a!, 1]] as const) {
      await requestRedemption({ userId: user.id, projectId: project.id, quantity, idempotencyKey: `${user.id}-${quantity}` });
    }
    await settleProject(project.id);
    // A forest's plot is one tree: six plots.
    expect(await countersByProject(project.id)).toEqual(new Map([[project.id, { energyRedeemedGrams: 60, plotsRedeemed: 6, unitsRedeemed: 6, plotsPlanted: 0, plotsVerified: 0, plotsSurvivingThreeYears: 0 }]]));
    expect(await guardianCount(project.id)).toBe(2);

    const plots = await db().plot.findMany({ where: { projectId: project.id }, orderBy: { firstUnit: "asc" } });
    await db().plot.updateMany({ where: { id: { in: plots.map((p) => p.id) } }, data: { status: "PLANTED" } });
    await db().plot.update({ where: { id: plots[0]!.id }, data: { status: "VERIFIED" } });
    const ofB = plots.filter((p) => p.holderId === b!.id);
    expect(ofB).toHaveLength(2);
    await db().plot.update({ where: { id: ofB[0]!.id }, data: { holderId: c!.id } });
    expect(await guardianCount(project.id)).toBe(3); // a, b (one left) and c
    await db().plot.update({ where: { id: ofB[1]!.id }, data: { holderId: c!.id } });
    expect((await countersByProject(project.id)).get(project.id)).toMatchObject({ plotsPlanted: 6, plotsVerified: 1 });
    expect(await guardianCount(project.id)).toBe(2); // a and c
    await db().plot.delete({ where: { id: plots.at(-1)!.id } });
    expect((await countersByProject(project.id)).get(project.id)).toMatchObject({ plotsRedeemed: 5, unitsRedeemed: 5 });
    expect(await tallyDrift()).toEqual([]);
  });
});
