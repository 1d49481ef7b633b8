import booleanPointInPolygon from "@turf/boolean-point-in-polygon";
import { Prisma } from "@prisma/client";
import { audit } from "~/audit/audit.server";
import { notificationRow } from "~/notifications/notify.server";
import { db } from "~/db/client.server";
import type { Boundary } from "~/projects/boundary";
import { standCount, standUnits } from "~/projects/layout";
import { findProjectLayout } from "~/projects/manage.server";
import { attachPhotos, describeTakenPhotos, PhotosTaken, type PhotoTakenProblem } from "./photo-store.server";
import type { PhotoProblem, UploadedPhoto } from "./photos";

// Operators record what happened on the ground: planting and audits of a stand or a plot, and
// patrols of protected areas, each with its photos. A photo's hash is unique across all records,
// so one picture can never be shown as two places.

export type EvidenceProblem =
  | PhotoProblem
  | { code: "noPhoto" }
  | { code: "standNotFound"; params: { stand: number; stands: number } }
  | { code: "standOnlyInForest" }
  | { code: "plotNotFound"; params: { code: string } }
  | { code: "outsideBoundary"; params: { lat: number; lon: number } }
  | { code: "patrolOnlyInProtectedArea" }
  | PhotoTakenProblem;

type Target = { stand: number } | { plotCode: string };

export type EvidenceInput = {
  projectId: string;
  kind: "PLANTING" | "AUDIT";
  target: Target;
  occurredOn: string;
  latitude: number;
  longitude: number;
  crew: string;
  notes: string;
  photos: UploadedPhoto[];
  recordedById: string;
};

export type EvidenceResult = { ok: true; id: string; plotsMoved: number } | { ok: false; problems: EvidenceProblem[] };

function insideBoundary(boundary: Boundary | null, latitude: number, longitude: number) {
  return boundary !== null && booleanPointInPolygon([longitude, latitude], boundary);
}

/** Each holder whose plots a record moved hears of it once (one notification for all their plots in it). */
async function tellHolders(tx: Prisma.TransactionClient, kind: EvidenceInput["kind"], projectId: string, evidenceId: string, moved: { code: string; holderId: string }[]) {
  const byHolder = new Map<string, string[]>();
  for (const plot of moved) byHolder.set(plot.holderId, [...(byHolder.get(plot.holderId) ?? []), plot.code]);
  const what = kind === "PLANTING" ? "plot_planted" : "plot_verified";
  if (byHolder.size === 0) return;
  await tx.outboxEvent.createMany({
    data: [...byHolder].map(([holderId, codes]) =>
      notificationRow({
        kind: what,
        key: `${what}-${evidenceId}-${holderId}`,
        to: [holderId],
        params: { projectId, units: codes.length, href: codes.length === 1 ? `/plots/${codes[0]}` : "/plots" },
      }),
    ),
  });
}

export async function recordEvidence(input: EvidenceInput): Promise<EvidenceResult | null> {
  const layout = await findProjectLayout(input.projectId);
  if (!layout) return null;
  if (!input.photos.length) return { ok: false, problems: [{ code: "noPhoto" }] };
  if (!insideBoundary(layout.boundary, input.latitude, input.longitude)) {
    return { ok: false, problems: [{ code: "outsideBoundary", params: { lat: input.latitude, lon: input.longitude } }] };
  }

  let target: { plotId: string } | { first: number; count: number };
  if ("stand" in input.target) {
    if (layout.project.kind !== "FOREST") return { ok: false, problems: [{ code: "standOnlyInForest" }] };
    const units = standUnits(layout.sections, input.target.stand);
    if (!units) return { ok: false, problems: [{ code: "standNotFound", params: { stand: input.target.stand, stands: standCount(layout.sections) } }] };
    target = units;
  } else {
    const plot = await db().plot.findFirst({ where: { projectId: input.projectId, code: input.target.plotCode }, select: { id: true } });
    if (!plot) return { ok: false, problems: [{ code: "plotNotFound", params: { code: input.target.plotCode } }] };
    target = { plotId: plot.id };
  }

  try {
    return await db().$transaction(async (tx) => {
      const evidence = await tx.plotEvidence.create({
        data: {
          projectId: input.projectId,
          kind: input.kind,
          stand: "stand" in input.target ? input.target.stand : null,
          plotId: "plotId" in target ? target.plotId : null,
          occurredOn: new Date(`${input.occurredOn}T00:00:00Z`),
          latitude: input.latitude,
          longitude: input.longitude,
          crew: input.crew,
          notes: input.notes,
          recordedById: input.recordedById,
        },
      });
      await attachPhotos(tx, input.photos, { evidenceId: evidence.id }, input.recordedById);
      // Conditional on the current status: a record never moves a plot backwards or twice.
      const from = input.kind === "PLANTING" ? "ALLOCATED" : "PLANTED";
      const moved = await tx.$queryRaw<{ code: string; holderId: string }[]>`
        UPDATE "Plot" SET status = ${input.kind === "PLANTING" ? "PLANTED" : "VERIFIED"}::"PlotStatus"
        WHERE "projectId" = ${input.projectId} AND status = ${from}::"PlotStatus"
          AND ${"plotId" in target ? Prisma.sql`id = ${target.plotId}` : Prisma.sql`"firstUnit" >= ${target.first} AND "firstUnit" < ${target.first + target.count}`}
        RETURNING code, "holderId"`;
      const count = moved.length;
      await tellHolders(tx, input.kind, input.projectId, evidence.id, moved);
      await tx.plotEvidence.update({ where: { id: evidence.id }, data: { plotsMoved: count } });
      await audit(tx, {
        actorId: input.recordedById,
        action: "evidence_record",
        subject: evidence.id,
        details: {
          projectId: input.projectId,
          kind: input.kind,
          target: "stand" in input.target ? `stand ${input.target.stand}` : input.target.plotCode,
          plotsMoved: count,
          photos: input.photos.length,
        },
      });
      return { ok: true as const, id: evidence.id, plotsMoved: count };
    });
  } catch (error) {
    if (error instanceof PhotosTaken) return { ok: false, problems: await describeTakenPhotos(input.photos, error.hashes) };
    throw error;
  }
}

export type PatrolInput = {
  projectId: string;
  occurredOn: string;
  route: string;
  observations: string;
  photos: UploadedPhoto[];
  recordedById: string;
};

export async function recordPatrol(input: PatrolInput): Promise<{ ok: true; id: string } | { ok: false; problems: EvidenceProblem[] } | null> {
  const project = await db().project.findUnique({ where: { id: input.projectId }, select: { kind: true } });
  if (!project) return null;
  if (project.kind !== "PROTECTED_AREA") return { ok: false, problems: [{ code: "patrolOnlyInProtectedArea" }] };
  try {
    return await db().$transaction(async (tx) => {
      const patrol = await tx.patrolLog.create({
        data: {
          projectId: input.projectId,
          occurredOn: new Date(`${input.occurredOn}T00:00:00Z`),
          route: input.route,
          observations: input.observations,
          recordedById: input.recordedById,
        },
      });
      await attachPhotos(tx, input.photos, { patrolId: patrol.id }, input.recordedById);
      await audit(tx, { actorId: input.recordedById, action: "patrol_record", subject: patrol.id, details: { projectId: input.projectId, occurredOn: input.occurredOn, photos: input.photos.length } });
      return { ok: true as const, id: patrol.id };
    });
  } catch (error) {
    if (error instanceof PhotosTaken) return { ok: false, problems: await describeTakenPhotos(input.photos, error.hashes) };
    throw error;
  }
}
