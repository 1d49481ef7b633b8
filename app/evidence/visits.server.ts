import { Prisma } from "@prisma/client";
import exifr from "exifr";
import { db } from "~/db/client.server";
import type { Position } from "~/projects/boundary";
import { loadLayouts } from "~/projects/layouts.server";
import { distanceToPlotM } from "~/projects/plot-places";
import { Refused } from "~/utils/refused";
import { attachPhotos, describeTakenPhotos, PhotosTaken } from "./photo-store.server";
import type { UploadedPhoto } from "./photos";
import { VISIT_RADIUS_M } from "./visit-form";

// A guardian's visit (docs/decisions/031-guardian-visits.md): accepted when the photo's GPS, or
// failing that the device's, is within 100 m of the plot's cells and the photo is not on record.
// It is the guardian's own record: no evidence row, no change to the plot.

export type VisitInput = {
  userId: string;
  plotCode: string;
  clientId: string;
  device: Position | null;
  note: string;
  photo: UploadedPhoto;
};

/** The photo's own GPS position and time, when its EXIF has them. */
async function photoMetadata(bytes: Buffer): Promise<{ position: Position | null; takenAt: Date | null }> {
  const [gps, tags] = await Promise.all([exifr.gps(bytes).catch(() => undefined), exifr.parse(bytes, { pick: ["DateTimeOriginal"] }).catch(() => undefined)]);
  const valid = gps && Number.isFinite(gps.latitude) && Number.isFinite(gps.longitude) && Math.abs(gps.latitude) <= 90 && Math.abs(gps.longitude) <= 180;
  const taken = (tags as { DateTimeOriginal?: unknown } | undefined)?.DateTimeOriginal;
  return { position: valid ? [gps.longitude, gps.latitude] : null, takenAt: taken instanceof Date && !Number.isNaN(taken.getTime()) ? taken : null };
}

const existing = (userId: string, clientId: string) => db().guardianVisit.findUnique({ where: { userId_clientId: { userId, clientId } }, select: { id: true, distanceM: true, position: true } });

export async function recordVisit(input: VisitInput): Promise<{ id: string; distanceM: number; position: "PHOTO" | "DEVICE" }> {
  // Only the plot's holder visits it; anyone else's plot is as absent as one that does not exist.
  const plot = await db().plot.findFirst({ where: { code: input.plotCode, holderId: input.userId }, select: { id: true, projectId: true, firstUnit: true, unitCount: true } });
  if (!plot) throw new Refused("plot_not_found");
  const again = await existing(input.userId, input.clientId);
  if (again) return again;

  const { position: inPhoto, takenAt } = await photoMetadata(input.photo.bytes);
  // The photo says where it was taken; the device only speaks for a photo that does not.
  const point = inPhoto ?? input.device;
  if (!point) throw new Refused("no_position");
  const layout = (await loadLayouts([plot.projectId])).get(plot.projectId)!;
  const distance = distanceToPlotM(layout, { firstUnit: Number(plot.firstUnit), unitCount: plot.unitCount }, point);
  if (distance === null) throw new Refused("plot_not_found");
  const distanceM = Math.round(distance);
  if (distance > VISIT_RADIUS_M) throw new Refused(inPhoto ? "too_far_photo" : "too_far_device", { distance: distanceM, max: VISIT_RADIUS_M });

  try {
    return await db().$transaction(async (tx) => {
      const visit = await tx.guardianVisit.create({
        data: {
          clientId: input.clientId,
          plotId: plot.id,
          userId: input.userId,
          latitude: point[1],
          longitude: point[0],
          position: inPhoto ? "PHOTO" : "DEVICE",
          distanceM,
          takenAt,
          note: input.note,
        },
        select: { id: true, distanceM: true, position: true },
      });
      await attachPhotos(tx, [input.photo], { visitId: visit.id }, input.userId);
      return visit;
    });
  } catch (error) {
    // The same visit sent twice at once: the other request recorded it.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      const recorded = await existing(input.userId, input.clientId);
      if (recorded) return recorded;
    }
    if (error instanceof PhotosTaken) throw new Refused("problems", {}, await describeTakenPhotos([input.photo], error.hashes));
    throw error;
  }
}

/** A plot's visits, newest first, for its holder and operators. */
export function visitsForPlot(plotId: string) {
  return db().guardianVisit.findMany({
    where: { plotId },
    orderBy: { createdAt: "desc" },
    take: 50,
    select: { id: true, createdAt: true, takenAt: true, position: true, distanceM: true, note: true, user: { select: { displayName: true } }, photos: { select: { id: true, fileName: true } } },
  });
}
