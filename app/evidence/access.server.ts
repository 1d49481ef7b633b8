import { db } from "~/db/client.server";
import { standUnits } from "~/projects/layout";
import { loadLayouts } from "~/projects/layouts.server";
import { withPlaces } from "~/projects/plots.server";

// Who sees what: a plot's details and evidence belong to its holder (and operators); everyone else
// sees other people's land only as anonymous shading on the map. Patrol and product photos are public;
// a guardian's visit photos are theirs.

type Viewer = { id: string; role: string } | null;

/** A plot with where it lies, for its holder or an operator; null for anyone else (a 404, not a 403). */
export async function findPlotForViewer(code: string, viewer: Viewer) {
  if (!viewer) return null;
  const plot = await db().plot.findFirst({
    where: viewer.role === "OPERATOR" ? { code } : { code, holderId: viewer.id },
    include: {
      project: { select: { id: true, slug: true, kind: true, nameZh: true, nameEn: true, allocatedUnits: true, timeZone: true } },
      redemption: { select: { certificateNumber: true } },
    },
  });
  if (!plot) return null;
  const [placed] = await withPlaces([plot]);
  return placed!;
}

/**
 * Records of the plot itself or of its stand, newest first, with their photos and, for survival
 * audits, this plot's own verdict.
 */
export async function evidenceForPlot(plot: { id: string; projectId: string }, stand: number | null) {
  return db().plotEvidence.findMany({
    where: { OR: [{ plotId: plot.id }, ...(stand !== null ? [{ projectId: plot.projectId, stand }] : [])] },
    orderBy: [{ occurredOn: "desc" }, { createdAt: "desc" }],
    include: {
      photos: { select: { id: true, fileName: true }, orderBy: { createdAt: "asc" } },
      recordedBy: { select: { displayName: true } },
      survivals: { where: { plotId: plot.id }, select: { outcome: true } },
    },
  });
}

/** Whether this viewer may see the photo: what it is (never its bytes), or null. */
export async function photoForViewer(photoId: string, viewer: Viewer) {
  const photo = await db().photo.findUnique({
    where: { id: photoId },
    select: {
      id: true,
      sha256: true,
      patrolId: true,
      productId: true,
      evidence: { select: { projectId: true, plotId: true, stand: true, plot: { select: { holderId: true } } } },
      visit: { select: { userId: true } },
    },
  });
  if (!photo) return null;
  if (photo.patrolId || photo.productId || viewer?.role === "OPERATOR") return photo;
  // A guardian's visit photo is theirs (and the operators').
  if (photo.visit) return viewer && photo.visit.userId === viewer.id ? photo : null;
  if (!viewer || !photo.evidence) return null;
  const { evidence } = photo;
  if (evidence.plot) return evidence.plot.holderId === viewer.id ? photo : null;
  const layout = (await loadLayouts([evidence.projectId])).get(evidence.projectId);
  const units = layout && evidence.stand !== null ? standUnits(layout.sections, evidence.stand) : null;
  if (!units) return null;
  const holds = await db().plot.count({
    where: { projectId: evidence.projectId, holderId: viewer.id, firstUnit: { gte: units.first, lt: units.first + units.count } },
  });
  return holds > 0 ? photo : null;
}
