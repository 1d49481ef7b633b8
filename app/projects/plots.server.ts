import { db } from "~/db/client.server";

export async function listPlotsHeld(userId: string) {
  return db().plot.findMany({
    where: { holderId: userId },
    orderBy: [{ projectId: "asc" }, { firstUnit: "asc" }],
    include: {
      project: { select: { slug: true, kind: true, nameZh: true, nameEn: true, capacity: true } },
      redemption: { select: { certificateNumber: true } },
    },
  });
}

/** A guardian is a consumer who holds protected-land plots. */
export async function isGuardian(userId: string) {
  return (await db().plot.count({ where: { holderId: userId, project: { kind: "PROTECTED_AREA" } } })) > 0;
}
