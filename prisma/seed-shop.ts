import { db } from "~/db/client.server";

// Demo cooperatives and what they sell. Prices and costs are ours (integer fen); the honey's
// stock is small so a flash sale can be tried by hand.

const IMAGES: Record<string, string> = {
  "sea-buckthorn-juice": "juice",
  "guanba-wild-honey": "honey",
  "heshun-embroidery": "embroidery",
  "heshun-mature-vinegar": "vinegar",
};

export async function seedShop(projects: Record<string, string>) {
  const prisma = db();
  const cooperative = (projectId: string, nameZh: string, nameEn: string) => prisma.cooperative.create({ data: { projectId, nameZh, nameEn } });
  const sbt = await cooperative(projects["sea-buckthorn-inner-mongolia"]!, "科尔沁沙棘专业合作社", "Horqin Sea-Buckthorn Cooperative");
  const guanba = await cooperative(projects["guanba-pingwu"]!, "关坝村养蜂合作社", "Guanba Village Beekeeping Cooperative");
  const heshun = await cooperative(projects["heshun-shanxi"]!, "和顺县醋业合作社", "Heshun Vinegar Cooperative");
  const embroiderers = await cooperative(projects["heshun-shanxi"]!, "和顺县绣娘手工合作社", "Heshun Embroiderers' Cooperative");
  const product = (
    projectId: string,
    cooperativeId: string,
    slug: string,
    names: [string, string],
    units: [string, string],
    descriptions: [string, string],
    priceFen: bigint,
    unitCostFen: bigint,
    stock: number,
  ) => ({
    projectId,
    cooperativeId,
    slug,
    nameZh: names[0],
    nameEn: names[1],
    unitZh: units[0],
    unitEn: units[1],
    descriptionZh: descriptions[0],
    descriptionEn: descriptions[1],
    imagePath: `/products/${IMAGES[slug]}.svg`,
    priceFen,
    unitCostFen,
    stock,
  });
  await prisma.product.createMany({
    data: [
      product(projects["sea-buckthorn-inner-mongolia"]!, sbt.id, "sea-buckthorn-juice", ["沙棘原浆", "Sea-buckthorn juice"], ["箱（245 毫升 × 12）", "case (12 × 245 ml)"], ["科尔沁沙地的沙棘果冷榨而成。", "Cold-pressed from sea-buckthorn berries of the Horqin sands."], 9_900n, 6_100n, 500),
      product(projects["guanba-pingwu"]!, guanba.id, "guanba-wild-honey", ["关坝野生蜂蜜", "Guanba wild honey"], ["瓶（500 克）", "jar (500 g)"], ["中华蜂在保护地的山林中采的百花蜜。", "Wildflower honey from Chinese honeybees in the protected forest."], 8_800n, 5_200n, 20),
      product(projects["heshun-shanxi"]!, embroiderers.id, "heshun-embroidery", ["和顺手工刺绣", "Heshun hand embroidery"], ["件", "piece"], ["和顺村里的绣娘手工绣制。", "Hand-stitched by embroiderers of Heshun's villages."], 16_800n, 11_000n, 40),
      product(projects["heshun-shanxi"]!, heshun.id, "heshun-mature-vinegar", ["和顺老陈醋", "Heshun mature vinegar"], ["瓶（500 毫升）", "bottle (500 ml)"], ["高粱酿造，陈放三年。", "Brewed from sorghum and aged three years."], 2_500n, 1_400n, 300),
    ],
  });
}
