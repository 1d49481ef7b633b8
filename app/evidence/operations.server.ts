import { z } from "zod";
import { db } from "~/db/client.server";
import { localDay } from "~/energy/local-time";
import { postNews } from "~/projects/area.server";
import { idField } from "~/utils/fields";
import { operation } from "~/utils/operation.server";
import { Refused } from "~/utils/refused";
import { evidenceSchema, newsSchema, parseTarget, patrolSchema } from "./evidence-form";
import { recordEvidence, recordPatrol } from "./evidence.server";
import { visitSchema } from "./visit-form";
import { recordVisit } from "./visits.server";
import { checkedPhotos } from "./photo-upload.server";

// What operators record about a project on the ground, declared once (the evidence page):
// planting and audits, patrols, news. Several problems at once (photos, boundary, plots) are one
// refusal, "problems", whose details list them under evidenceForm.problems.

const files = z.array(z.instanceof(File)).default([]);


/** A day on the ground cannot be after today where the project is. */
const notInTheFuture = async (value: { projectId: string; occurredOn: string }, context: z.RefinementCtx) => {
  const project = await db().project.findUnique({ where: { id: value.projectId }, select: { timeZone: true } });
  if (project && value.occurredOn > localDay(new Date(), project.timeZone)) context.addIssue({ code: "custom", path: ["occurredOn"], message: "evidenceForm.errors.future" });
};

const refusals = { problems: 422, project_not_found: 404 } as const;

/** A record's outcome: no such project, or its problems, refuse it. */
function recorded<Result extends { ok: true } | { ok: false; problems: unknown[] }>(result: Result | null): Extract<Result, { ok: true }> {
  if (!result) throw new Refused("project_not_found");
  if (!result.ok) throw new Refused("problems", {}, (result as { problems: unknown[] }).problems);
  return result as Extract<Result, { ok: true }>;
}

export const recordEvidenceOp = operation({
  name: "ops.evidence-record",
  summary:
    "Operators: record planting, an audit, a survival audit (1 or 3 years; the lost plots listed become due for replanting) or the replanting of a plot, with photos; the plots it covers move forward",
  input: evidenceSchema.extend({ projectId: idField(), files }).superRefine(notInTheFuture),
  who: "operator",
  refusals,
  messages: "evidenceForm.refused",
  run: async (actor, input) => {
    const result = await recordEvidence({
      projectId: input.projectId,
      kind: input.kind,
      target: parseTarget(input.target),
      occurredOn: input.occurredOn,
      latitude: input.latitude,
      longitude: input.longitude,
      crew: input.crew,
      crewSize: input.crewSize,
      notes: input.notes,
      photos: await checkedPhotos(input.files),
      recordedById: actor.id,
      surveyYear: input.surveyYear,
      lost: input.lost,
      clientId: input.clientId,
      workers: input.workers,
    });
    return recorded(result);
  },
});

export const recordPatrolOp = operation({
  name: "ops.patrol-record",
  summary: "Operators: record a ranger's patrol of a protected area, with photos",
  input: patrolSchema.extend({ projectId: idField(), files }).superRefine(notInTheFuture),
  who: "operator",
  refusals,
  messages: "evidenceForm.refused",
  run: async (actor, input) => {
    const result = await recordPatrol({ projectId: input.projectId, occurredOn: input.occurredOn, route: input.route, observations: input.observations, photos: await checkedPhotos(input.files), recordedById: actor.id, workers: input.workers });
    return recorded(result);
  },
});

export const postNewsOp = operation({
  name: "ops.news-post",
  summary: "Operators: post news of a project, in both languages",
  input: newsSchema.extend({ projectId: idField() }),
  who: "operator",
  refusals: { project_not_found: 404 },
  messages: "evidenceForm.refused",
  run: async (actor, { intent: _intent, ...news }) => {
    if (!(await db().project.count({ where: { id: news.projectId } }))) throw new Refused("project_not_found");
    return postNews({ ...news, authorId: actor.id });
  },
});

export const recordVisitOp = operation({
  name: "plots.visit-record",
  summary: "Guardians: record a visit to their own plot with one photo taken within 100 m of it (GPS from the photo, else the device)",
  input: visitSchema.extend({ plotCode: z.string().trim().toUpperCase().max(23), files }),
  who: "user",
  refusals: { plot_not_found: 404, no_position: 422, too_far_photo: 422, too_far_device: 422, one_photo: 422, problems: 422 },
  messages: "visits.refused",
  run: async (actor, input) => {
    if (input.files.filter((file) => file.size > 0).length !== 1) throw new Refused("one_photo");
    const [photo] = await checkedPhotos(input.files);
    const device = input.latitude !== undefined && input.longitude !== undefined ? ([input.longitude, input.latitude] as [number, number]) : null;
    return recordVisit({ userId: actor.id, plotCode: input.plotCode, clientId: input.clientId, device, note: input.note, photo: photo! });
  },
});
