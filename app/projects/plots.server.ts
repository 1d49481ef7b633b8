import { db } from "~/db/client.server";
import { loadLayouts } from "./layouts.server";
import { placePlot } from "./plot-places";

/** Each plot with where it lies on the ground. */
export async function withPlaces<T extends { projectId: string; firstUnit: number; unitCount: number; project: { kind: "FOREST" | "PROTECTED_AREA" } }>(plots: T[]) {
  const layouts = await loadLayouts(plots.map((p) => p.projectId));
  return plots.map((plot) => ({ ...plot, place: placePlot(plot.project.kind, layouts.get(plot.projectId)!, plot) }));
}

export async function listPlotsHeld(userId: string) {
  const plots = await db().plot.findMany({
    where: { holderId: userId },
    orderBy: [{ projectId: "asc" }, { firstUnit: "asc" }],
    include: {
      project: { select: { slug: true, kind: true, nameZh: true, nameEn: true, capacity: true } },
      redemption: { select: { certificateNumber: true } },
    },
  });
  return withPlaces(plots);
}
