import { db } from "~/db/client.server";

/** A certificate as anyone may verify it: the holder by display name only, no other personal data. */
export async function findCertificate(number: string) {
  const redemption = await db().redemption.findFirst({
    where: { certificateNumber: number, status: "SETTLED" },
    include: {
      user: { select: { displayName: true } },
      recipient: { select: { displayName: true } },
      project: { select: { slug: true, kind: true, nameZh: true, nameEn: true, countyZh: true, countyEn: true, species: true } },
      plots: { orderBy: { firstUnit: "asc" }, select: { code: true, firstUnit: true, unitCount: true, status: true } },
    },
  });
  if (!redemption) return null;
  return {
    number,
    holder: (redemption.recipient ?? redemption.user).displayName,
    giftFrom: redemption.recipient ? redemption.user.displayName : null,
    project: {
      slug: redemption.project.slug,
      kind: redemption.project.kind,
      name: { zh: redemption.project.nameZh, en: redemption.project.nameEn },
      county: { zh: redemption.project.countyZh, en: redemption.project.countyEn },
      species: redemption.project.species,
    },
    units: redemption.quantity,
    plots: redemption.plots,
    issuedAt: redemption.settledAt!.toISOString(),
  };
}
