import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import { evidenceForPlot, photoForViewer } from "~/evidence/access.server";
import { readPhotos, type UploadedPhoto } from "~/evidence/photos";
import { recordVisit, visitsForPlot, type VisitInput } from "~/evidence/visits.server";
import { listPlotsHeld } from "~/projects/plots.server";
import { requestRedemption } from "~/redemption/redeem.server";
import { settleProject } from "~/redemption/settle.server";
import { Refused } from "~/utils/refused";
import { createTestProject, createTestUser } from "../support/factories";
import { phonePhoto } from "../support/images";

// A guardian's visit: a photo at their land (GPS from the photo, else the device, within 100 m),
// new to the record, kept as theirs: never evidence, never a change to the plot.

const asPhoto = (bytes: Buffer, name = "visit.jpg"): UploadedPhoto => {
  const read = readPhotos([{ name, bytes }]);
  if (!read.ok) throw new Error("not a photo");
  return read.photos[0]!;
};

/** A point `north` metres north and `east` metres east of a position. */
const offset = ({ lat, lon }: { lat: number; lon: number }, north: number, east = 0) => ({ lat: lat + north / 110_900, lon: lon + east / (111_320 * Math.cos((lat * Math.PI) / 180)) });

async function guardianWithPlot(units = 4) {
  const project = await createTestProject({ capacity: 400, unitCostGrams: 10, kind: "PROTECTED_AREA" });
  const guardian = await createTestUser({ grams: 1_000 });
  await requestRedemption({ userId: guardian.id, projectId: project.id, quantity: units, idempotencyKey: randomUUID() });
  await settleProject(project.id);
  const plot = (await listPlotsHeld(guardian.id))[0]!;
  const visit = (rest: Partial<VisitInput> & Pick<VisitInput, "photo">) => recordVisit({ userId: guardian.id, plotCode: plot.code, clientId: randomUUID(), device: null, note: "", ...rest });
  return { project, guardian, plot, visit, centre: plot.place!.centre };
}

const refusal = (promise: Promise<unknown>) =>
  promise.then(
    () => null,
    (error: unknown) => (error instanceof Refused ? { code: error.code, params: error.params, details: error.details } : Promise.reject(error)),
  );

describe("a guardian's visit", () => {
  it("is accepted by the photo's own GPS within 100 m, shown as theirs, and changes nothing of the plot", async () => {
    const { guardian, plot, visit, centre } = await guardianWithPlot();
    const before = await db().plot.findUniqueOrThrow({ where: { id: plot.id } });
    const recorded = await visit({ photo: asPhoto(await phonePhoto(offset(centre, 60))), note: "Came with my daughter" });
    expect(recorded.position).toBe("PHOTO");
    expect(recorded.distanceM).toBeGreaterThan(50);
    expect(recorded.distanceM).toBeLessThanOrEqual(60);
    const [shown] = await visitsForPlot(plot.id);
    expect(shown).toMatchObject({ position: "PHOTO", note: "Came with my daughter", user: { displayName: guardian.displayName } });
    expect(shown!.takenAt!.toISOString().slice(0, 10)).toBe("2026-12-01");
    // Not operator evidence, and the plot is as it was.
    expect(await evidenceForPlot(plot, null)).toEqual([]);
    expect(await db().plot.findUniqueOrThrow({ where: { id: plot.id } })).toEqual(before);
    // The photo is the guardian's (and operators') to see, nobody else's.
    const photoId = shown!.photos[0]!.id;
    expect(await photoForViewer(photoId, { id: guardian.id, role: "USER" })).not.toBeNull();
    expect(await photoForViewer(photoId, { id: (await createTestUser()).id, role: "USER" })).toBeNull();
    expect(await photoForViewer(photoId, null)).toBeNull();
  });

  it("is refused past 100 m, by the photo's GPS even when the device says near", async () => {
    const { visit, centre } = await guardianWithPlot();
    const far = await refusal(visit({ photo: asPhoto(await phonePhoto(offset(centre, 0, 250))), device: [centre.lon, centre.lat] }));
    expect(far).toMatchObject({ code: "too_far_photo", params: { max: 100 } });
    expect((far!.params as { distance: number }).distance).toBeGreaterThan(240);
  });

  it("takes the device's position for a photo without GPS, and refuses when neither says where", async () => {
    const { visit, centre } = await guardianWithPlot();
    const near = offset(centre, -30);
    expect(await visit({ photo: asPhoto(await phonePhoto(null)), device: [near.lon, near.lat] })).toMatchObject({ position: "DEVICE" });
    const farAway = offset(centre, 500);
    expect(await refusal(visit({ photo: asPhoto(await phonePhoto(null)), device: [farAway.lon, farAway.lat] }))).toMatchObject({ code: "too_far_device" });
    expect(await refusal(visit({ photo: asPhoto(await phonePhoto(null)) }))).toMatchObject({ code: "no_position" });
  });

  it("needs a photo not on record, and records a visit sent twice (or twice at once) once", async () => {
    const { guardian, plot, visit, centre } = await guardianWithPlot();
    const bytes = await phonePhoto(offset(centre, 10));
    const clientId = randomUUID();
    const [a, b] = await Promise.all([visit({ photo: asPhoto(bytes), clientId }), visit({ photo: asPhoto(bytes), clientId })]);
    expect(a.id).toBe(b.id);
    expect(await visit({ photo: asPhoto(bytes), clientId })).toMatchObject({ id: a.id });
    expect(await db().guardianVisit.count({ where: { userId: guardian.id } })).toBe(1);
    // The same picture as a new visit is refused, saying where it is on record.
    const again = await refusal(visit({ photo: asPhoto(bytes, "again.jpg") }));
    expect(again).toMatchObject({ code: "problems", details: [{ code: "photoUsedForVisit", params: { file: "again.jpg", plot: plot.code } }] });
    expect(await db().guardianVisit.count({ where: { userId: guardian.id } })).toBe(1);
  });

  it("is only for the plot's holder", async () => {
    const { plot, centre } = await guardianWithPlot();
    const stranger = await createTestUser();
    const photo = asPhoto(await phonePhoto(centre));
    expect(await refusal(recordVisit({ userId: stranger.id, plotCode: plot.code, clientId: randomUUID(), device: null, note: "", photo }))).toMatchObject({ code: "plot_not_found" });
  });
});
