import { Prisma } from "@prisma/client";
import { audit } from "~/audit/audit.server";
import { attachPhotos, describeTakenPhotos, PhotosTaken } from "~/evidence/photo-store.server";
import type { UploadedPhoto } from "~/evidence/photos";
import { recordWork, UnknownHouseholds } from "~/payouts/household-work.server";
import { db, reader } from "~/db/client.server";
import { standCount } from "~/projects/layout";
import { loadLayouts } from "~/projects/layouts.server";
import { appendToPublicLog } from "~/transparency/public-log.server";
import { Refused } from "~/utils/refused";
import { shortCode } from "~/utils/short-code";

// Product batches: a harvest or production run of a product, from its project (a stand of a
// forest or a section of a protected area, or the whole project). Each has a trace code printed on
// the pack, with a QR code, that opens /trace/<code> for anyone (trace.server.ts: packing a
// shipped line from a batch, and the public page).

export class BatchRefused extends Refused<"product_not_found" | "place_not_found" | "place_kind" | "unknown_households" | "problems"> {}

export type BatchInput = {
  productId: string;
  stand?: number;
  section?: number;
  harvestFrom: string;
  harvestTo: string;
  quantity: number;
  /** Registration codes of the households who harvested it (their work, app/payouts/household-work.server.ts). */
  workers?: string[];
  photos?: UploadedPhoto[];
};

export const TRACE_CODE_LENGTH = 10;

export async function recordBatch(createdById: string, input: BatchInput) {
  const product = await db().product.findUnique({ where: { id: input.productId }, select: { slug: true, projectId: true, project: { select: { slug: true, kind: true } } } });
  if (!product) throw new BatchRefused("product_not_found");
  const layout = (await loadLayouts([product.projectId])).get(product.projectId)!;
  if (input.stand !== undefined) {
    if (product.project.kind !== "FOREST") throw new BatchRefused("place_kind");
    if (input.stand > standCount(layout.sections)) throw new BatchRefused("place_not_found", { place: input.stand });
  }
  if (input.section !== undefined) {
    if (product.project.kind !== "PROTECTED_AREA") throw new BatchRefused("place_kind");
    if (input.section > layout.sections.length) throw new BatchRefused("place_not_found", { place: input.section });
  }
  for (;;) {
    const traceCode = shortCode(TRACE_CODE_LENGTH);
    try {
      return await db().$transaction(async (tx) => {
        const batch = await tx.productBatch.create({
          data: {
            traceCode,
            productId: input.productId,
            stand: input.stand ?? null,
            section: input.section ?? null,
            harvestFrom: new Date(`${input.harvestFrom}T00:00:00Z`),
            harvestTo: new Date(`${input.harvestTo}T00:00:00Z`),
            quantity: input.quantity,
            createdById,
          },
        });
        const photos = input.photos ?? [];
        await attachPhotos(tx, photos, { batchId: batch.id }, createdById);
        // A harvest is one day's work for each household, on its last day.
        const workers = await recordWork(tx, { projectId: product.projectId, codes: input.workers ?? [], kind: "HARVEST", day: input.harvestTo, link: { batchId: batch.id } });
        await audit(tx, { actorId: createdById, action: "batch_record", subject: batch.id, details: { traceCode, productId: input.productId, quantity: input.quantity, photos: photos.length, workers } });
        await appendToPublicLog(tx, {
          kind: "trace",
          ref: `batch:${batch.id}`,
          data: { code: traceCode, product: product.slug, project: product.project.slug, stand: input.stand ?? null, section: input.section ?? null, from: input.harvestFrom, to: input.harvestTo, quantity: input.quantity, households: workers, photos: photos.map((photo) => photo.sha256) },
        });
        return { id: batch.id, traceCode };
      });
    } catch (error) {
      // 30^10 codes: a clash is all but impossible, and then another code is drawn.
      if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") continue;
      if (error instanceof UnknownHouseholds) throw new BatchRefused("unknown_households", { codes: error.codes.slice(0, 10).join(", ") });
      if (error instanceof PhotosTaken) throw new BatchRefused("problems", {}, await describeTakenPhotos(input.photos ?? [], error.hashes));
      throw error;
    }
  }
}

/** A product's batches, newest first, for its operators' page. */
export function batchesOf(productId: string) {
  return reader().productBatch.findMany({ where: { productId }, orderBy: { createdAt: "desc" }, take: 100 });
}

