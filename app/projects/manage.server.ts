import { Prisma, type Project } from "@prisma/client";
import { audit } from "~/audit/audit.server";
import { db } from "~/db/client.server";
import { instantOfWallTime } from "~/energy/local-time";
import { parseBoundary, type Boundary, type BoundaryProblem } from "./boundary";
import { loadLayouts } from "./layouts.server";
import { layOut, type ProjectKind, type Section } from "./layout";
import { MAX_CAPACITY, type ProjectCreateInput, type ProjectEditInput } from "./project-form";

// Operators create and edit projects. A boundary is validated, laid out, and stored with its
// sections in one transaction; once a unit is allocated the boundary is fixed, because every
// allocated unit is a cell of that layout.

export type ManageProblem =
  | BoundaryProblem
  | { code: "capacityOverLayout"; params: { units: number } }
  | { code: "capacityBelowAllocated"; params: { allocated: number } }
  | { code: "boundaryLocked"; params: { allocated: number } }
  | { code: "noBoundary" };

export type ManageResult = { ok: true; project: Project } | { ok: false; problems: ManageProblem[]; fieldErrors?: Record<string, string[]> };

type LaidOutBoundary = { boundary: Boundary; sections: Section[]; units: number };

/** Parses and lays out an uploaded boundary for a project of this kind. */
export function prepareBoundary(text: string, kind: ProjectKind): { ok: true; layout: LaidOutBoundary } | { ok: false; problems: ManageProblem[] } {
  const parsed = parseBoundary(text);
  if (!parsed.ok) return parsed;
  const layout = layOut(parsed.boundary, kind);
  if (layout.units === 0) return { ok: false, problems: [{ code: "zeroArea" }] };
  return { ok: true, layout: { boundary: parsed.boundary, sections: layout.sections, units: layout.units } };
}

/** Every unit the boundary holds, up to what one project can offer (units are numbered as ints). */
const offerable = (layoutUnits: number) => Math.min(layoutUnits, MAX_CAPACITY);

function sectionRows(projectId: string, sections: Section[]) {
  return sections.map((section, index) => ({
    projectId,
    index,
    polygon: section.polygon,
    firstUnit: section.firstUnit,
    unitCount: section.unitCount,
    grid: section.grid,
    blockUnits: section.blockUnits,
  }));
}

/** Creates a project from its boundary; `by`, the operator, goes to the audit trail in the same transaction. */
export async function createProject(input: Omit<ProjectCreateInput, "boundary">, boundaryText: string, by?: string): Promise<ManageResult> {
  const prepared = prepareBoundary(boundaryText, input.kind);
  if (!prepared.ok) return prepared;
  const { layout } = prepared;
  const capacity = input.capacity ?? offerable(layout.units);
  if (capacity > layout.units) return { ok: false, problems: [{ code: "capacityOverLayout", params: { units: layout.units } }] };
  try {
    const project = await db().$transaction(async (tx) => {
      const project = await tx.project.create({
        data: {
          slug: input.slug,
          kind: input.kind,
          nameZh: input.nameZh,
          nameEn: input.nameEn,
          countyZh: input.countyZh,
          countyEn: input.countyEn,
          species: input.species || null,
          art: input.kind === "FOREST" ? (input.art ?? "sea-buckthorn") : null,
          codePrefix: input.codePrefix,
          unitCostGrams: input.unitCostGrams,
          capacity,
          opensAt: instantOfWallTime(input.opensAt, "Asia/Shanghai"),
          boundary: layout.boundary,
          layoutUnits: layout.units,
        },
      });
      await tx.projectSection.createMany({ data: sectionRows(project.id, layout.sections) });
      if (by) {
        await audit(tx, {
          actorId: by,
          action: "project_create",
          subject: project.id,
          details: { slug: project.slug, units: layout.units, capacity, sections: layout.sections.length, unitCostGrams: project.unitCostGrams },
        });
      }
      return project;
    });
    return { ok: true, project };
  } catch (error) {
    const taken = uniqueViolation(error);
    if (taken) return { ok: false, problems: [], fieldErrors: { [taken]: [`projectForm.errors.${taken}Taken`] } };
    throw error;
  }
}

function uniqueViolation(error: unknown): "slug" | "codePrefix" | null {
  if (!(error instanceof Prisma.PrismaClientKnownRequestError) || error.code !== "P2002") return null;
  const target = JSON.stringify(error.meta ?? {});
  if (target.includes("codePrefix")) return "codePrefix";
  if (target.includes("slug")) return "slug";
  return null;
}

/**
 * Edits a project. Capacity moves only between what is allocated and what the boundary holds; a new
 * boundary is taken only while nothing is allocated. Both hold by conditional updates, so a batch
 * settling at the same moment cannot slip between the check and the write.
 */
export async function updateProject(projectId: string, input: Omit<ProjectEditInput, "boundary">, boundaryText: string | null, by?: string): Promise<ManageResult | null> {
  const current = await db().project.findUnique({ where: { id: projectId } });
  if (!current) return null;
  let layout: LaidOutBoundary | null = null;
  if (boundaryText !== null) {
    const prepared = prepareBoundary(boundaryText, current.kind);
    if (!prepared.ok) return prepared;
    layout = prepared.layout;
  }
  const layoutUnits = layout?.units ?? Number(current.layoutUnits);
  if (!layout && current.boundary === null) return { ok: false, problems: [{ code: "noBoundary" }] };
  const capacity = input.capacity ?? offerable(layoutUnits);
  if (capacity > layoutUnits) return { ok: false, problems: [{ code: "capacityOverLayout", params: { units: layoutUnits } }] };

  const fields = {
    nameZh: input.nameZh,
    nameEn: input.nameEn,
    countyZh: input.countyZh,
    countyEn: input.countyEn,
    species: input.species || null,
    art: current.kind === "FOREST" ? (input.art ?? current.art ?? "sea-buckthorn") : null,
    unitCostGrams: input.unitCostGrams,
    opensAt: instantOfWallTime(input.opensAt, current.timeZone),
    capacity,
  };
  const updated = await db().$transaction(async (tx) => {
    if (layout) {
      const { count } = await tx.project.updateMany({
        where: { id: projectId, allocatedUnits: 0 },
        data: { ...fields, boundary: layout.boundary, layoutUnits: layout.units, layoutVersion: { increment: 1 } },
      });
      if (count === 0) return null;
      await tx.projectSection.deleteMany({ where: { projectId } });
      await tx.projectSection.createMany({ data: sectionRows(projectId, layout.sections) });
    } else {
      const { count } = await tx.project.updateMany({ where: { id: projectId, allocatedUnits: { lte: capacity } }, data: fields });
      if (count === 0) return null;
    }
    if (by) {
      await audit(tx, {
        actorId: by,
        action: "project_update",
        subject: projectId,
        details: { boundaryReplaced: layout !== null, units: layoutUnits, capacity, unitCostGrams: input.unitCostGrams },
      });
    }
    return tx.project.findUniqueOrThrow({ where: { id: projectId } });
  });
  if (updated) return { ok: true, project: updated };
  const { allocatedUnits } = await db().project.findUniqueOrThrow({ where: { id: projectId }, select: { allocatedUnits: true } });
  return {
    ok: false,
    problems: [layout ? { code: "boundaryLocked", params: { allocated: allocatedUnits } } : { code: "capacityBelowAllocated", params: { allocated: allocatedUnits } }],
  };
}

export async function listProjectsForOps() {
  const projects = await db().project.findMany({
    orderBy: { createdAt: "asc" },
    select: { id: true, slug: true, kind: true, nameZh: true, nameEn: true, capacity: true, allocatedUnits: true, layoutUnits: true, opensAt: true, boundary: false },
  });
  return projects.map((project) => ({ ...project, layoutUnits: Number(project.layoutUnits) }));
}

/** A project with its boundary and sections, for drawing its layout. */
export async function findProjectLayout(projectId: string) {
  const project = await db().project.findUnique({ where: { id: projectId }, omit: { boundary: true } });
  if (!project) return null;
  const layout = (await loadLayouts([projectId])).get(projectId)!;
  return { project, boundary: layout.boundary, sections: layout.sections };
}
