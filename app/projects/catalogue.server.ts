import type { Project } from "@prisma/client";
import { db } from "~/db/client.server";
import { projectState, type ProjectState } from "./project-state";

export type CatalogueEntry = {
  id: string;
  slug: string;
  kind: Project["kind"];
  name: string;
  county: string;
  species: string | null;
  unitCostGrams: number;
  capacity: number;
  remaining: number;
  state: ProjectState;
  // Only for a signed-in user who cannot afford one unit.
  energyLack: boolean;
};

export function toCatalogueEntry(project: Project, locale: string, balance: number | null, now = new Date()): CatalogueEntry {
  const english = locale === "en";
  return {
    id: project.id,
    slug: project.slug,
    kind: project.kind,
    name: english ? project.nameEn : project.nameZh,
    county: english ? project.countyEn : project.countyZh,
    species: project.species,
    unitCostGrams: project.unitCostGrams,
    capacity: project.capacity,
    remaining: Math.max(0, project.capacity - project.allocatedUnits),
    state: projectState(project, now),
    energyLack: balance !== null && balance < project.unitCostGrams,
  };
}

export async function listCatalogue(locale: string, balance: number | null) {
  const projects = await db().project.findMany({ orderBy: { createdAt: "asc" } });
  return projects.map((project) => toCatalogueEntry(project, locale, balance));
}

export async function findProject(idOrSlug: string) {
  return db().project.findFirst({ where: { OR: [{ id: idOrSlug }, { slug: idOrSlug }] } });
}
