import { Prisma } from "@prisma/client";
import booleanPointInPolygon from "@turf/boolean-point-in-polygon";
import { audit } from "~/audit/audit.server";
import { appendToPublicLog } from "~/transparency/public-log.server";
import { db } from "~/db/client.server";
import type { Boundary } from "~/projects/boundary";
import { recordWork, UnknownHouseholds } from "~/payouts/household-work.server";
import { standCount, standUnits } from "~/projects/layout";
import { findProjectLayout } from "~/projects/manage.server";
import { attachPhotos, describeTakenPhotos, PhotosTaken, type PhotoTakenProblem } from "./photo-store.server";
import type { PhotoProblem, UploadedPhoto } from "./photos";
import { judgeSurvival, lostOutsideTarget, movePlots, MOVED_NOTICE, tellHolders, type EvidenceKind, type PlotTarget, type SurvivalOutcome } from "./plot-moves.server";

// Operators record what happened on the ground: planting, audits, survival audits and replanting
// of a stand or a plot (plot-moves.server.ts says what each does to the plots), and patrols of
// protected areas, each with its photos. A photo's hash is unique across all records,
// so one picture can never be shown as two places.

export type EvidenceProblem =
  | PhotoProblem
  | { code: "noPhoto" }
  | { code: "standNotFound"; params: { stand: number; stands: number } }
  | { code: "standOnlyInForest" }
  | { code: "plotNotFound"; params: { code: string } }
  | { code: "outsideBoundary"; params: { lat: number; lon: number } }
  | { code: "patrolOnlyInProtectedArea" }
  | { code: "replantingNamesPlot" }
  | { code: "notReplantDue"; params: { code: string } }
  | { code: "surveyYearRequired" }
  | { code: "lostOnlyInSurvival" }
  | { code: "lostNotInTarget"; params: { codes: string } }
  | { code: "unknownHouseholds"; params: { codes: string } }
  | PhotoTakenProblem;

type Target = { stand: number } | { plotCode: string };

export type EvidenceInput = {
  projectId: string;
  kind: EvidenceKind;
  target: Target;
  occurredOn: string;
  latitude: number;
  longitude: number;
  crew: string;
  /** How many people did it: what the public sees of the crew. */
  crewSize?: number;
  notes: string;
  photos: UploadedPhoto[];
  recordedById: string;
  /** Survival audits: the anniversary (1 or 3) and the codes of the target's plots found lost. */
  surveyYear?: number;
  lost?: string[];
  /** Made on the device that recorded it (a ranger's offline queue): the same record sent again is not stored again. */
  clientId?: string;
  /** Registration codes of the households who did the work (app/payouts/household-work.server.ts). */
  workers?: string[];
};

export type EvidenceResult = { ok: true; id: string; plotsMoved: number; survival?: SurvivalOutcome; replayed?: true } | { ok: false; problems: EvidenceProblem[] };

/** The record this device already sent with this id, as its first sending was told. */
async function alreadyRecorded(recordedById: string, clientId: string | undefined): Promise<EvidenceResult | null> {
  if (!clientId) return null;
  const found = await db().plotEvidence.findUnique({ where: { recordedById_clientId: { recordedById, clientId } }, select: { id: true, plotsMoved: true } });
  return found ? { ok: true, id: found.id, plotsMoved: found.plotsMoved, replayed: true } : null;
}

/** Thrown inside the transaction to roll the record back and say why. */
class NotRecorded extends Error {
  constructor(readonly problem: EvidenceProblem) {
    super(problem.code);
  }
}

/** Planting and replanting are planting; audits are care of the trees. */
const WORK_OF = { PLANTING: "PLANTING", REPLANTING: "PLANTING", AUDIT: "CARE", SURVIVAL: "CARE" } as const;

const unknownHouseholds = (error: UnknownHouseholds): EvidenceProblem => ({ code: "unknownHouseholds", params: { codes: error.codes.slice(0, 10).join(", ") } });

function insideBoundary(boundary: Boundary | null, latitude: number, longitude: number) {
  return boundary !== null && booleanPointInPolygon([longitude, latitude], boundary);
}

export async function recordEvidence(input: EvidenceInput): Promise<EvidenceResult | null> {
  const layout = await findProjectLayout(input.projectId);
  if (!layout) return null;
  const replay = await alreadyRecorded(input.recordedById, input.clientId);
  if (replay) return replay;
  if (!input.photos.length) return { ok: false, problems: [{ code: "noPhoto" }] };
  if (!insideBoundary(layout.boundary, input.latitude, input.longitude)) {
    return { ok: false, problems: [{ code: "outsideBoundary", params: { lat: input.latitude, lon: input.longitude } }] };
  }

  if (input.kind === "REPLANTING" && !("plotCode" in input.target)) return { ok: false, problems: [{ code: "replantingNamesPlot" }] };
  if (input.kind === "SURVIVAL" && !input.surveyYear) return { ok: false, problems: [{ code: "surveyYearRequired" }] };
  if (input.kind !== "SURVIVAL" && input.lost?.length) return { ok: false, problems: [{ code: "lostOnlyInSurvival" }] };

  let target: PlotTarget;
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
  if (input.kind === "SURVIVAL" && input.lost?.length) {
    const strays = await lostOutsideTarget(input.projectId, target, input.lost);
    if (strays.length) return { ok: false, problems: [{ code: "lostNotInTarget", params: { codes: strays.slice(0, 10).join(", ") } }] };
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
          crewSize: input.crewSize ?? null,
          notes: input.notes,
          surveyYear: input.kind === "SURVIVAL" ? input.surveyYear! : null,
          clientId: input.clientId ?? null,
          recordedById: input.recordedById,
        },
      });
      await attachPhotos(tx, input.photos, { evidenceId: evidence.id }, input.recordedById);
      const workers = await recordWork(tx, { projectId: input.projectId, codes: input.workers ?? [], kind: WORK_OF[input.kind], day: input.occurredOn, link: { evidenceId: evidence.id } });
      const where = { projectId: input.projectId, target, occurredOn: input.occurredOn };
      let count: number;
      let survival: SurvivalOutcome | undefined;
      if (input.kind === "SURVIVAL") {
        survival = await judgeSurvival(tx, where, evidence.id, input.surveyYear!, input.lost ?? []);
        count = survival.lost;
      } else {
        const moved = await movePlots(tx, input.kind, where);
        if (input.kind === "REPLANTING" && moved.length === 0) throw new NotRecorded({ code: "notReplantDue", params: { code: (input.target as { plotCode: string }).plotCode } });
        count = moved.length;
        await tellHolders(tx, MOVED_NOTICE[input.kind], input.projectId, evidence.id, moved);
      }
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
          workers,
          ...(survival ? { surveyYear: input.surveyYear, surviving: survival.surviving, lost: survival.lost, notDue: survival.notDue } : {}),
        },
      });
      await appendToPublicLog(tx, {
        kind: "evidence",
        ref: evidence.id,
        data: {
          project: layout.project.slug,
          kind: input.kind,
          ...("stand" in input.target ? { stand: input.target.stand } : { plot: input.target.plotCode }),
          occurredOn: input.occurredOn,
          latitude: input.latitude,
          longitude: input.longitude,
          crewSize: input.crewSize ?? null,
          plotsMoved: count,
          households: workers,
          ...(survival ? { surveyYear: input.surveyYear, surviving: survival.surviving, lost: survival.lost } : {}),
          photos: input.photos.map((photo) => photo.sha256),
        },
      });
      return { ok: true as const, id: evidence.id, plotsMoved: count, ...(survival ? { survival } : {}) };
    });
  } catch (error) {
    // Sent twice at once: the other request stored it.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      const replayed = await alreadyRecorded(input.recordedById, input.clientId);
      if (replayed) return replayed;
    }
    if (error instanceof PhotosTaken) return { ok: false, problems: await describeTakenPhotos(input.photos, error.hashes) };
    if (error instanceof NotRecorded) return { ok: false, problems: [error.problem] };
    if (error instanceof UnknownHouseholds) return { ok: false, problems: [unknownHouseholds(error)] };
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
  workers?: string[];
};

export async function recordPatrol(input: PatrolInput): Promise<{ ok: true; id: string } | { ok: false; problems: EvidenceProblem[] } | null> {
  const project = await db().project.findUnique({ where: { id: input.projectId }, select: { kind: true, slug: true } });
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
      const workers = await recordWork(tx, { projectId: input.projectId, codes: input.workers ?? [], kind: "PATROL", day: input.occurredOn, link: { patrolId: patrol.id } });
      await audit(tx, { actorId: input.recordedById, action: "patrol_record", subject: patrol.id, details: { projectId: input.projectId, occurredOn: input.occurredOn, photos: input.photos.length, workers } });
      await appendToPublicLog(tx, { kind: "patrol", ref: patrol.id, data: { project: project.slug, occurredOn: input.occurredOn, households: workers, photos: input.photos.map((photo) => photo.sha256) } });
      return { ok: true as const, id: patrol.id };
    });
  } catch (error) {
    if (error instanceof PhotosTaken) return { ok: false, problems: await describeTakenPhotos(input.photos, error.hashes) };
    if (error instanceof UnknownHouseholds) return { ok: false, problems: [unknownHouseholds(error)] };
    throw error;
  }
}
