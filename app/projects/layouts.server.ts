import type { Prisma } from "@prisma/client";
import { db } from "~/db/client.server";
import { query, statement } from "~/db/sql.server";
import { singleton } from "~/utils/singleton.server";
import type { Boundary } from "./boundary";
import type { Section } from "./layout";
import { projectMapData } from "./geojson";
import { drawPolygons, type SectionDrawing } from "./map";

// A project's layout (its boundary and the sections laid out on it, 16,385 block offsets for the
// 23,500-mu forest) changes only when an operator replaces the boundary, which raises
// Project.layoutVersion. Each web process decodes a version once and keeps it, and keeps the
// drawings of its sections per amount of land taken; a page asks PostgreSQL only for the version
// and that amount, one indexed row.

export type Layout = { boundary: Boundary | null; sections: Section[] };

const KEEP_LAYOUTS = 64;
const KEEP_DRAWINGS = 256;

/** A Map used as a small LRU: the oldest entries go once it holds `max`. */
function remember<V>(cache: Map<string, V>, key: string, max: number, make: () => V): V {
  const found = cache.get(key);
  if (found !== undefined) {
    cache.delete(key);
    cache.set(key, found);
    return found;
  }
  const made = make();
  cache.set(key, made);
  if (cache.size > max) cache.delete(cache.keys().next().value!);
  return made;
}

const layouts = () => singleton("layouts", () => new Map<string, Promise<Layout>>());
const drawings = () => singleton("layout-drawings", () => new Map<string, SectionDrawing[]>());
const mapFiles = () => singleton("layout-map-data", () => new Map<string, string>());

export function toSection(row: { polygon: number; firstUnit: bigint; unitCount: number; grid: Prisma.JsonValue; blockUnits: number[] }): Section {
  // A unit number stays far below 2^53 (a county of 1-m² cells is ~6e9), so it is a plain number here.
  return { polygon: row.polygon, firstUnit: Number(row.firstUnit), unitCount: row.unitCount, grid: row.grid as unknown as Section["grid"], blockUnits: row.blockUnits };
}

const VERSIONS = statement("layout-versions", `SELECT id, "layoutVersion", "allocatedUnits" FROM "Project" WHERE id = ANY($1::text[])`);

type Version = { id: string; layoutVersion: number; allocatedUnits: number };

async function readLayout(projectId: string): Promise<Layout> {
  const project = await db().project.findUniqueOrThrow({
    where: { id: projectId },
    select: { boundary: true, sections: { orderBy: { index: "asc" } } },
  });
  return { boundary: project.boundary as Boundary | null, sections: project.sections.map(toSection) };
}

function layoutAt(version: Version): Promise<Layout> {
  const key = `${version.id}:${version.layoutVersion}`;
  const cache = layouts();
  return remember(cache, key, KEEP_LAYOUTS, () => {
    const loading = readLayout(version.id);
    loading.catch(() => cache.delete(key)); // a failed read is not kept
    return loading;
  });
}

/** The layouts of these projects (the current version of each). */
export async function loadLayouts(projectIds: string[]): Promise<Map<string, Layout>> {
  const versions = await query<Version>(VERSIONS, [[...new Set(projectIds)]]);
  return new Map(await Promise.all(versions.map(async (version) => [version.id, await layoutAt(version)] as const)));
}

/** Each polygon of a project drawn with the land already taken shaded: what anyone may see of it. */
export async function projectMaps(projectId: string): Promise<SectionDrawing[]> {
  const [version] = await query<Version>(VERSIONS, [[projectId]]);
  if (!version) return [];
  const { boundary, sections } = await layoutAt(version);
  if (!boundary) return [];
  const key = `${version.id}:${version.layoutVersion}:${version.allocatedUnits}`;
  return remember(drawings(), key, KEEP_DRAWINGS, () => drawPolygons(boundary, sections, version.allocatedUnits).map((drawing) => ({ ...drawing, free: "" })));
}

/**
 * A project's land as GeoJSON for the interactive map, serialised once per layout and amount of
 * land taken; `version` names that pair (an ETag), so a browser asks again only when it changes.
 */
export async function projectMapFile(projectId: string): Promise<{ body: string; version: string } | null> {
  const [version] = await query<Version>(VERSIONS, [[projectId]]);
  if (!version) return null;
  const { boundary, sections } = await layoutAt(version);
  if (!boundary) return null;
  const key = `${version.id}:${version.layoutVersion}:${version.allocatedUnits}`;
  return { body: remember(mapFiles(), key, KEEP_DRAWINGS, () => JSON.stringify(projectMapData(boundary, sections, version.allocatedUnits))), version: key };
}
