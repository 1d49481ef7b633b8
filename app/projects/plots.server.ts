import { db } from "~/db/client.server";
import { loadLayouts } from "./layouts.server";
import { placePlot } from "./plot-places";

/** Each plot with where it lies on the ground. */
export async function withPlaces<T extends { code: string; projectId: string; firstUnit: number; unitCount: number; project: { kind: "FOREST" | "PROTECTED_AREA" } }>(plots: T[]) {
  const layouts = await loadLayouts(plots.map((p) => p.projectId));
  return plots.map((plot) => ({ ...plot, place: placePlot(plot.project.kind, layouts.get(plot.projectId)!, plot) }));
}

/** A guardian's plots are shown this many to a page: a page of 1,000 drew for half a second. */
export const PLOTS_PER_PAGE = 50;

/** The plots a user holds, by project and place on the ground, with where each lies; all, or one page of them. */
export async function listPlotsHeld(userId: string, page?: number) {
  const plots = await db().plot.findMany({
    where: { holderId: userId },
    orderBy: [{ projectId: "asc" }, { firstUnit: "asc" }],
    ...(page ? { skip: (page - 1) * PLOTS_PER_PAGE, take: PLOTS_PER_PAGE } : {}),
    include: {
      project: { select: { slug: true, kind: true, nameZh: true, nameEn: true, capacity: true } },
      redemption: { select: { certificateNumber: true } },
    },
  });
  return withPlaces(plots);
}

/** How many plots, and how much land or how many trees, a user holds in each project. */
export async function holdingsByProject(userId: string) {
  const rows = await db().plot.groupBy({ by: ["projectId"], where: { holderId: userId }, _count: true, _sum: { unitCount: true }, orderBy: { projectId: "asc" } });
  return rows.map((row) => ({ projectId: row.projectId, plots: row._count, units: row._sum.unitCount ?? 0 }));
}
