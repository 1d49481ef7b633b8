import type { Prisma } from "@prisma/client";
import { db } from "~/db/client.server";
import { deriveImages, inspectImage } from "./photo-images.server";
import type { UploadedPhoto } from "./photos";

// Every stored photo belongs to exactly one record (a planting or audit, a patrol, a product, a
// guardian's visit, a product batch), and
// its SHA-256 is unique across all of them: one picture can never stand for two things.

export type PhotoOwner = { evidenceId: string } | { patrolId: string } | { productId: string } | { visitId: string } | { batchId: string };

export type PhotoTakenProblem =
  | { code: "photoUsedForPlot"; params: { file: string; plot: string; date: string } }
  | { code: "photoUsedForStand"; params: { file: string; stand: number; date: string } }
  | { code: "photoUsedForPatrol"; params: { file: string; date: string } }
  | { code: "photoUsedForProduct"; params: { file: string; product: string } }
  | { code: "photoUsedForVisit"; params: { file: string; plot: string; date: string } }
  | { code: "photoUsedForBatch"; params: { file: string; code: string } };

export class PhotosTaken extends Error {
  constructor(readonly hashes: string[]) {
    super("photo already attached");
  }
}

/** Inserts the photos, or throws PhotosTaken (rolling the record back) if any is already attached elsewhere. */
export async function attachPhotos(tx: Prisma.TransactionClient, photos: UploadedPhoto[], owner: PhotoOwner, uploadedById: string) {
  if (!photos.length) return;
  // ON CONFLICT DO NOTHING: a concurrent upload of the same picture waits for ours and then loses.
  const { count } = await tx.photo.createMany({
    data: photos.map((photo) => ({
      ...owner,
      sha256: photo.sha256,
      contentType: photo.contentType,
      bytes: new Uint8Array(photo.bytes),
      fileName: photo.fileName,
      uploadedById,
      ...(photo.seen
        ? {
            width: photo.seen.width,
            height: photo.seen.height,
            fullBytes: new Uint8Array(photo.seen.full),
            fullType: photo.seen.fullType,
            thumbBytes: new Uint8Array(photo.seen.thumb),
            thumbType: photo.seen.thumbType,
          }
        : {}),
    })),
    skipDuplicates: true,
  });
  if (count === photos.length) return;
  const mine = await tx.photo.findMany({ where: { ...owner }, select: { sha256: true } });
  const inserted = new Set(mine.map((p) => p.sha256));
  throw new PhotosTaken(photos.filter((p) => !inserted.has(p.sha256)).map((p) => p.sha256));
}

/** Where each already-stored photo is in use, to tell the operator. */
export async function describeTakenPhotos(photos: UploadedPhoto[], hashes: string[]): Promise<PhotoTakenProblem[]> {
  const existing = await db().photo.findMany({
    where: { sha256: { in: hashes } },
    select: {
      sha256: true,
      evidence: { select: { kind: true, stand: true, occurredOn: true, plot: { select: { code: true } } } },
      patrol: { select: { occurredOn: true } },
      product: { select: { nameEn: true } },
      visit: { select: { createdAt: true, plot: { select: { code: true } } } },
      batch: { select: { traceCode: true } },
    },
  });
  return hashes.map((hash): PhotoTakenProblem => {
    const file = photos.find((p) => p.sha256 === hash)!.fileName;
    const found = existing.find((p) => p.sha256 === hash);
    const evidence = found?.evidence;
    const date = (evidence?.occurredOn ?? found?.patrol?.occurredOn ?? new Date()).toISOString().slice(0, 10);
    if (evidence?.plot) return { code: "photoUsedForPlot", params: { file, plot: evidence.plot.code, date } };
    if (evidence?.stand) return { code: "photoUsedForStand", params: { file, stand: evidence.stand, date } };
    if (found?.product) return { code: "photoUsedForProduct", params: { file, product: found.product.nameEn } };
    if (found?.batch) return { code: "photoUsedForBatch", params: { file, code: found.batch.traceCode } };
    if (found?.visit) return { code: "photoUsedForVisit", params: { file, plot: found.visit.plot.code, date: found.visit.createdAt.toISOString().slice(0, 10) } };
    return { code: "photoUsedForPatrol", params: { file, date } };
  });
}

export type PhotoSize = "full" | "thumb";

/**
 * The copy of a photo people see, in one size: never the original bytes (they carry EXIF). A photo
 * stored before the copies existed gets them now, once (a conditional update: two requests at once
 * both make them, one keeps them).
 */
export async function photoCopy(photoId: string, size: PhotoSize): Promise<{ bytes: Buffer; contentType: string } | null> {
  const kept =
    size === "thumb"
      ? await db().photo.findUnique({ where: { id: photoId }, select: { thumbBytes: true, thumbType: true } }).then((p) => p && { bytes: p.thumbBytes, contentType: p.thumbType })
      : await db().photo.findUnique({ where: { id: photoId }, select: { fullBytes: true, fullType: true } }).then((p) => p && { bytes: p.fullBytes, contentType: p.fullType });
  if (!kept) return null;
  if (kept.bytes && kept.contentType) return { bytes: Buffer.from(kept.bytes), contentType: kept.contentType };
  const original = await db().photo.findUniqueOrThrow({ where: { id: photoId }, select: { bytes: true } });
  const inspected = await inspectImage(Buffer.from(original.bytes));
  if (!inspected.ok) return null;
  const derived = await deriveImages(Buffer.from(original.bytes));
  await db().photo.updateMany({
    where: { id: photoId, fullBytes: null },
    data: {
      width: inspected.width,
      height: inspected.height,
      fullBytes: new Uint8Array(derived.full),
      fullType: derived.fullType,
      thumbBytes: new Uint8Array(derived.thumb),
      thumbType: derived.thumbType,
    },
  });
  return size === "thumb" ? { bytes: derived.thumb, contentType: derived.thumbType } : { bytes: derived.full, contentType: derived.fullType };
}
