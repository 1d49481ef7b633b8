import { db } from "~/db/client.server";
import { Refused } from "~/utils/refused";
import { listCatalogue, type CatalogueEntry } from "~/projects/catalogue.server";
import { artOf, growth, type Art } from "~/projects/species";

export class GoalRefused extends Refused<"not_found" | "not_open"> {}

const isOpen = (entry: CatalogueEntry) => entry.state === "AVAILABLE" || entry.state === "LIMITED";

/**
 * What the forest page grows toward: the project the user chose, or (until they choose, on their
 * first visit) the first open forest; how far their balance has grown it; and the open projects
 * they may choose instead.
 */
export async function forestGoal(userId: string, locale: string) {
  const [user, catalogue] = await Promise.all([
    db().user.findUniqueOrThrow({ where: { id: userId }, select: { goalProjectId: true, energyBalance: true } }),
    listCatalogue(locale, null),
  ]);
  const choices = catalogue.filter(isOpen);
  const chosen = catalogue.find((entry) => entry.id === user.goalProjectId) ?? null;
  const goal = chosen ?? choices.find((entry) => entry.kind === "FOREST") ?? choices[0] ?? null;
  return {
    goal,
    chosen: chosen !== null,
    growth: goal ? growth(user.energyBalance, goal.unitCostGrams) : null,
    choices,
  };
}

/** The user's goal from now on: any open project. */
export async function setGoal(userId: string, projectId: string) {
  const project = await db().project.findFirst({ where: { OR: [{ id: projectId }, { slug: projectId }] } });
  if (!project) throw new GoalRefused("not_found");
  const open = (await listCatalogue("en", null)).find((entry) => entry.id === project.id);
  if (!open || !isOpen(open)) throw new GoalRefused("not_open");
  await db().user.update({ where: { id: userId }, data: { goalProjectId: project.id } });
}

/** The trees (by species) and square metres a user holds: the small forest behind their tree. */
export async function holdings(userId: string): Promise<{ trees: { art: Art; count: number }[]; squareMetres: number }> {
  const rows = await db().$queryRaw<{ kind: "FOREST" | "PROTECTED_AREA"; art: string | null; units: bigint }[]>`
    SELECT pr.kind, pr.art, SUM(p."unitCount")::bigint AS units
    FROM "Plot" p JOIN "Project" pr ON pr.id = p."projectId"
    WHERE p."holderId" = ${userId}
    GROUP BY pr.kind, pr.art`;
  const trees = new Map<Art, number>();
  let squareMetres = 0;
  for (const row of rows) {
    if (row.kind === "PROTECTED_AREA") squareMetres += Number(row.units);
    else trees.set(artOf(row), (trees.get(artOf(row)) ?? 0) + Number(row.units));
  }
  return { trees: [...trees].map(([art, count]) => ({ art, count })), squareMetres };
}
