import { z } from "zod";
import { checkedPhotos } from "~/evidence/photo-upload.server";
import { idField } from "~/utils/fields";
import { operation } from "~/utils/operation.server";
import { batchSchema } from "./batch-form";
import { recordBatch } from "./batches.server";

// The operators' command for product batches, apart from the shop's so the pages that show its
// messages are the product pages only.

const productPage = z.object({ id: idField(), photos: z.array(z.instanceof(File)).default([]) });

export const recordBatchOp = operation({
  name: "ops.batch-record",
  summary: "Operators: record a harvest or production batch of a product (window, place, quantity); it gets a trace code for its packs",
  input: batchSchema.and(productPage),
  who: "operator",
  refusals: { product_not_found: 404, place_not_found: 422, place_kind: 422, unknown_households: 422, problems: 422 },
  messages: "trace.refused",
  run: async (actor, { id, intent: _, photos, ...batch }) => recordBatch(actor.id, { productId: id, ...batch, photos: await checkedPhotos(photos) }),
});
