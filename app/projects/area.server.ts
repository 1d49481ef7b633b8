import { db } from "~/db/client.server";

// What a project's area page and the impact page show: counters kept apart (energy redeemed,
// plots redeemed, planted, verified: never one merged number), guardians, news, products.

export type Counters = {
  energyRedeemedGrams: number;
  plotsRedeemed: number;
  unitsRedeemed: number;
  plotsPlanted: number;
  plotsVerified: number;
};

const zero = (): Counters => ({ energyRedeemedGrams: 0, plotsRedeemed: 0, unitsRedeemed: 0, plotsPlanted: 0, plotsVerified: 0 });

/** Counters per project id, from two grouped queries. Planted counts every plot planted so far, verified or not. */
export async function countersByProject(projectId?: string): Promise<Map<string, Counters>> {
  const where = projectId ? { projectId } : {};
  const [plots, energy] = await Promise.all([
    db().plot.groupBy({ by: ["projectId", "status"], where, _count: { _all: true }, _sum: { unitCount: true } }),
    db().redemption.groupBy({ by: ["projectId"], where: { ...where, status: "SETTLED" }, _sum: { costGrams: true } }),
  ]);
  const counters = new Map<string, Counters>();
  const of = (id: string) => counters.get(id) ?? counters.set(id, zero()).get(id)!;
  for (const row of plots) {
    const c = of(row.projectId);
    c.plotsRedeemed += row._count._all;
    c.unitsRedeemed += row._sum.unitCount ?? 0;
    if (row.status !== "ALLOCATED") c.plotsPlanted += row._count._all;
    if (row.status === "VERIFIED") c.plotsVerified += row._count._all;
  }
  for (const row of energy) of(row.projectId).energyRedeemedGrams = row._sum.costGrams ?? 0;
  return counters;
}

export function totalCounters(counters: Iterable<Counters>): Counters {
  const total = zero();
  for (const c of counters) for (const key of Object.keys(total) as (keyof Counters)[]) total[key] += c[key];
  return total;
}

/** "New villagers": everyone who holds at least one plot of the project. */
export async function guardianCount(projectId: string): Promise<number> {
  const [row] = await db().$queryRaw<{ count: number }[]>`SELECT count(DISTINCT "holderId")::int AS count FROM "Plot" WHERE "projectId" = ${projectId}`;
  return row?.count ?? 0;
}

export type FeedItem =
  | { type: "news"; id: string; at: string; title: { zh: string; en: string }; body: { zh: string; en: string } }
  | { type: "patrol"; id: string; at: string; occurredOn: string; route: string; observations: string; photos: { id: string; fileName: string }[] }
  | { type: "evidence"; id: string; at: string; occurredOn: string; kind: "PLANTING" | "AUDIT"; stand: number | null; plotCode: string | null; plotsMoved: number };

export const FEED_PAGE = 10;

/** News, patrols and planting/audit records, newest first, a page at a time before `before`. */
export async function projectFeed(projectId: string, before: Date | null) {
  const at = before ? { lt: before } : undefined;
  const take = FEED_PAGE + 1;
  const [news, patrols, evidence] = await Promise.all([
    db().projectNews.findMany({ where: { projectId, publishedAt: at }, orderBy: { publishedAt: "desc" }, take }),
    db().patrolLog.findMany({
      where: { projectId, createdAt: at },
      orderBy: { createdAt: "desc" },
      take,
      include: { photos: { select: { id: true, fileName: true }, orderBy: { createdAt: "asc" } } },
    }),
    db().plotEvidence.findMany({ where: { projectId, createdAt: at }, orderBy: { createdAt: "desc" }, take, include: { plot: { select: { code: true } } } }),
  ]);
  const items: FeedItem[] = [
    ...news.map((n) => ({ type: "news" as const, id: n.id, at: n.publishedAt.toISOString(), title: { zh: n.titleZh, en: n.titleEn }, body: { zh: n.bodyZh, en: n.bodyEn } })),
    ...patrols.map((p) => ({
      type: "patrol" as const,
      id: p.id,
      at: p.createdAt.toISOString(),
      occurredOn: p.occurredOn.toISOString().slice(0, 10),
      route: p.route,
      observations: p.observations,
      photos: p.photos,
    })),
    // Public: what was done where, not the photos (those are for the plots' holders).
    ...evidence.map((e) => ({
      type: "evidence" as const,
      id: e.id,
      at: e.createdAt.toISOString(),
      occurredOn: e.occurredOn.toISOString().slice(0, 10),
      kind: e.kind,
      stand: e.stand,
      plotCode: e.plot?.code ?? null,
      plotsMoved: e.plotsMoved,
    })),
  ].sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));
  const page = items.slice(0, FEED_PAGE);
  return { items: page, nextBefore: items.length > FEED_PAGE ? page[page.length - 1]!.at : null };
}

export async function listProducts(projectId: string) {
  return db().product.findMany({ where: { projectId }, orderBy: { createdAt: "asc" } });
}

export async function postNews(input: { projectId: string; authorId: string; titleZh: string; titleEn: string; bodyZh: string; bodyEn: string }) {
  return db().projectNews.create({ data: input });
}
