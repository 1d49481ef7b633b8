import type { Prisma } from "@prisma/client";
import { db } from "~/db/client.server";
import { lineMoney, DEFAULT_RULE } from "~/money/revenue-share";

export type ShopProduct = ReturnType<typeof toShopProduct>;

function toShopProduct(
  product: Prisma.ProductGetPayload<{ include: ReturnType<typeof include> }>,
  now: Date,
) {
  const rule = product.shareRules[0] ?? DEFAULT_RULE;
  const money = lineMoney(product.priceFen, product.unitCostFen, 1, rule);
  const notYet = product.saleStartsAt !== null && now < product.saleStartsAt;
  const over = product.saleEndsAt !== null && product.saleEndsAt <= now;
  return {
    id: product.id,
    slug: product.slug,
    name: { zh: product.nameZh, en: product.nameEn },
    description: { zh: product.descriptionZh, en: product.descriptionEn },
    unit: { zh: product.unitZh, en: product.unitEn },
    // An uploaded photo first, else the picture shipped under public/.
    imagePath: product.photos[0] ? `/photos/${product.photos[0].id}?size=thumb` : product.imagePath,
    project: { slug: product.project.slug, name: { zh: product.project.nameZh, en: product.project.nameEn } },
    cooperative: product.cooperative ? { zh: product.cooperative.nameZh, en: product.cooperative.nameEn } : null,
    priceFen: product.priceFen.toString(),
    stock: product.stock,
    saleStartsAt: product.saleStartsAt?.toISOString() ?? null,
    saleEndsAt: product.saleEndsAt?.toISOString() ?? null,
    availability: notYet ? ("COMING" as const) : over ? ("ENDED" as const) : product.stock > 0 ? ("ON_SALE" as const) : ("SOLD_OUT" as const),
    // Where one unit's money goes, by the rule in force now.
    money: { costFen: money.costFen.toString(), householdFen: money.householdFen.toString(), ecologyFen: money.ecologyFen.toString(), platformFen: money.platformFen.toString() },
  };
}

const include = (now: Date) =>
  ({
    project: { select: { slug: true, nameZh: true, nameEn: true } },
    cooperative: { select: { nameZh: true, nameEn: true } },
    photos: { select: { id: true }, orderBy: { createdAt: "desc" as const }, take: 1 },
    shareRules: { where: { effectiveFrom: { lte: now } }, orderBy: { effectiveFrom: "desc" as const }, take: 1, select: { householdBp: true, ecologyBp: true, platformBp: true } },
  }) as const;

export async function listShop(projectSlug?: string) {
  const now = new Date();
  const products = await db().product.findMany({ where: projectSlug ? { project: { slug: projectSlug } } : {}, include: include(now), orderBy: [{ projectId: "asc" }, { createdAt: "asc" }] });
  return products.map((p) => toShopProduct(p, now));
}

export async function findShopProduct(slug: string) {
  const now = new Date();
  const product = await db().product.findUnique({ where: { slug }, include: include(now) });
  return product ? toShopProduct(product, now) : null;
}
