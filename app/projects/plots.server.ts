import { db } from "~/db/client.server";
import type { Boundary } from "./boundary";
import type { Section } from "./layout";
import { toSection } from "./manage.server";
import { placePlot } from "./plot-places";

type Layout = { boundary: Boundary | null; sections: Section[] };

/** The boundaries and sections of these projects, loaded once each. */
export async function loadLayouts(projectIds: string[]): Promise<Map<string, Layout>> {
  const projects = await db().project.findMany({
    where: { id: { in: [...new Set(projectIds)] } },
    select: { id: true, boundary: true, sections: { orderBy: { index: "asc" } } },
  });
  return new Map(projects.map((p) => [p.id, { boundary: p.boundary as Boundary | null, sections: p.sections.map(toSection) }]));
}

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
