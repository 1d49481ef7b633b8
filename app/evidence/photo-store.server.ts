import type { Prisma } from "@prisma/client";
import { db } from "~/db/client.server";
import type { UploadedPhoto } from "./photos";

// Every stored photo belongs to exactly one record (a planting or audit, a patrol, a product), and
// its SHA-256 is unique across all of them: one picture can never stand for two things.

export type PhotoOwner = { evidenceId: string } | { patrolId: string } | { productId: string };

export type PhotoTakenProblem =
  | { code: "photoUsedForPlot"; params: { file: string; plot: string; date: string } }
  | { code: "photoUsedForStand"; params: { file: string; stand: number; date: string } }
  | { code: "photoUsedForPatrol"; params: { file: string; date: string } }
  | { code: "photoUsedForProduct"; params: { file: string; product: string } };

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
    data: photos.map((photo) => ({ ...owner, sha256: photo.sha256, contentType: photo.contentType, bytes: new Uint8Array(photo.bytes), fileName: photo.fileName, uploadedById })),
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
    return { code: "photoUsedForPatrol", params: { file, date } };
  });
}
