import type { Project } from "@prisma/client";
import { db } from "~/db/client.server";
import { projectState, type ProjectState } from "./project-state";
import { artOf, type Art } from "./species";

export type CatalogueEntry = {
  id: string;
  slug: string;
  kind: Project["kind"];
  name: string;
  county: string;
  species: string | null;
  /** How its trees (or land) are drawn. */
  art: Art;
  unitCostGrams: number;
  capacity: number;
  remaining: number;
  state: ProjectState;
  /** When it opens (a COMING project says so). */
  opensAt: string;
  // Only for a signed-in user who cannot afford one unit.
  energyLack: boolean;
};

export function toCatalogueEntry(project: Omit<Project, "boundary">, locale: string, balance: number | null, now = new Date()): CatalogueEntry {
  const english = locale === "en";
  return {
    id: project.id,
    slug: project.slug,
    kind: project.kind,
    name: english ? project.nameEn : project.nameZh,
    county: english ? project.countyEn : project.countyZh,
    species: project.species,
    art: artOf(project),
    unitCostGrams: project.unitCostGrams,
    capacity: project.capacity,
    remaining: Math.max(0, project.capacity - project.allocatedUnits),
    state: projectState(project, now),
    opensAt: project.opensAt.toISOString(),
    energyLack: balance !== null && balance < project.unitCostGrams,
  };
}

export async function listCatalogue(locale: string, balance: number | null) {
  // Without the boundary: a county's outline runs to megabytes, and a list needs none of it.
  const projects = await db().project.findMany({ orderBy: { createdAt: "asc" }, omit: { boundary: true } });
  return projects.map((project) => toCatalogueEntry(project, locale, balance));
}

export async function findProject(idOrSlug: string) {
  return db().project.findFirst({ where: { OR: [{ id: idOrSlug }, { slug: idOrSlug }] }, omit: { boundary: true } });
}
