import { db } from "~/db/client.server";
import { withPlaces } from "~/projects/plots.server";

// Who sees what: a plot's page belongs to its holder (and operators); everyone else sees other
// people's land as anonymous shading on the map, and a plot's evidence (without the crew's names)
// on its public certificate. Evidence, patrol and product photos are public; a guardian's visit
// photos are theirs.

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

/**
 * Whether this viewer may see the photo: what it is (never its bytes), or null. Evidence, patrol
 * and product photos are public (a certificate shows its plot's evidence to anyone); a guardian's
 * visit photos are theirs and the operators'.
 */
export async function photoForViewer(photoId: string, viewer: Viewer) {
  const photo = await db().photo.findUnique({ where: { id: photoId }, select: { id: true, sha256: true, visit: { select: { userId: true } } } });
  if (!photo) return null;
  const mine = viewer?.role === "OPERATOR" || (viewer && photo.visit?.userId === viewer.id);
  return !photo.visit || mine ? photo : null;
}
