import { Prisma } from "@prisma/client";
import { audit } from "~/audit/audit.server";
import { db } from "~/db/client.server";
import { instantOfWallTime } from "~/energy/local-time";
import { attachPhotos, describeTakenPhotos, PhotosTaken, type PhotoTakenProblem } from "~/evidence/photo-store.server";
import type { UploadedPhoto } from "~/evidence/photos";
import type { ProductInput } from "./product-form";

// Operators' side of the catalogue. Stock only moves by conditional updates (never below zero,
// never overwriting what checkouts reserved in the meantime).

const ZONE = "Asia/Shanghai";

function fields(input: ProductInput) {
  return {
    projectId: input.projectId,
    cooperativeId: input.cooperativeId || null,
    nameZh: input.nameZh,
    nameEn: input.nameEn,
    descriptionZh: input.descriptionZh,
    descriptionEn: input.descriptionEn,
    unitZh: input.unitZh,
    unitEn: input.unitEn,
    priceFen: input.price,
    unitCostFen: input.unitCost,
    saleStartsAt: input.saleStartsAt ? instantOfWallTime(input.saleStartsAt, ZONE) : null,
    saleEndsAt: input.saleEndsAt ? instantOfWallTime(input.saleEndsAt, ZONE) : null,
  };
}

export type ProductSaveResult =
  | { ok: true; id: string }
  | { ok: false; fieldErrors: Record<string, string[]>; problems?: PhotoTakenProblem[] };

/** Creates (id null) or edits a product, with any new photos, in one transaction. */
export async function saveProduct(id: string | null, input: ProductInput, photos: UploadedPhoto[], operatorId: string): Promise<ProductSaveResult | null> {
  try {
    if (id === null && input.stockChange < 0) return { ok: false, fieldErrors: { stockChange: ["productForm.errors.stockBelowZero"] } };
    return await db().$transaction(async (tx) => {
      let productId = id;
      if (productId === null) {
        productId = (await tx.product.create({ data: { ...fields(input), slug: input.slug, stock: input.stockChange } })).id;
      } else {
        const updated = await tx.product.updateMany({ where: { id: productId }, data: fields(input) });
        if (updated.count === 0) return null;
        if (input.stockChange !== 0) {
          const moved = await tx.$executeRaw`UPDATE "Product" SET stock = stock + ${input.stockChange} WHERE id = ${productId} AND stock + ${input.stockChange} >= 0`;
          if (moved === 0) throw new StockBelowZero();
        }
      }
      await attachPhotos(tx, photos, { productId }, operatorId);
      await audit(tx, {
        actorId: operatorId,
        action: "product_save",
        subject: productId,
        details: { created: id === null, slug: input.slug, priceFen: String(input.price), unitCostFen: String(input.unitCost), stockChange: input.stockChange, photos: photos.length },
      });
      return { ok: true as const, id: productId };
    });
  } catch (error) {
    if (error instanceof StockBelowZero) return { ok: false, fieldErrors: { stockChange: ["productForm.errors.stockBelowZero"] } };
    if (error instanceof PhotosTaken) return { ok: false, fieldErrors: {}, problems: await describeTakenPhotos(photos, error.hashes) };
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") return { ok: false, fieldErrors: { slug: ["productForm.errors.slugTaken"] } };
    throw error;
  }
}

class StockBelowZero extends Error {}

export async function productFormOptions() {
  const [projects, cooperatives] = await Promise.all([
    db().project.findMany({ orderBy: { createdAt: "asc" }, select: { id: true, nameZh: true, nameEn: true } }),
    db().cooperative.findMany({ orderBy: { createdAt: "asc" }, select: { id: true, projectId: true, nameZh: true, nameEn: true } }),
  ]);
  return { projects, cooperatives };
}

export async function listProductsForOps() {
  return db().product.findMany({ orderBy: [{ projectId: "asc" }, { createdAt: "asc" }], include: { project: { select: { nameZh: true, nameEn: true } } } });
}
