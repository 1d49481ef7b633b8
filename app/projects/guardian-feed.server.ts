import { db } from "~/db/client.server";
import { standsOfUnits } from "./layout";
import { loadLayouts } from "./layouts.server";

// What happened on a guardian's land, newest first: their plots planted, verified, found alive or
// lost by a survival audit, replanted; patrols and news of the areas they hold land in; their own
// visits. Read from the records themselves (not the notifications, which a guardian may turn off).

export const GUARDIAN_FEED_PAGE = 15;

type Name = { zh: string; en: string };
export type GuardianFeedItem =
  | { type: "plot"; id: string; at: string; occurredOn: string; event: "PLANTING" | "AUDIT" | "REPLANTING" | "LOST" | "SURVIVING"; years: number | null; project: Name; plots: string[] }
  | { type: "patrol"; id: string; at: string; occurredOn: string; project: Name; route: string }
  | { type: "news"; id: string; at: string; project: Name; title: Name }
  | { type: "visit"; id: string; at: string; plot: string; distanceM: number };

/** Plot codes to show for one event: the first few, as many as there are. */
const FEW = 5;

export async function guardianFeed(userId: string, before: Date | null): Promise<{ items: GuardianFeedItem[]; nextBefore: string | null }> {
  const plots = await db().plot.findMany({
    where: { holderId: userId },
    select: { id: true, code: true, projectId: true, firstUnit: true, unitCount: true, project: { select: { nameZh: true, nameEn: true } } },
    orderBy: { firstUnit: "asc" },
  });
  if (!plots.length) return { items: [], nextBefore: null };
  const projectIds = [...new Set(plots.map((p) => p.projectId))];
  const names = new Map(plots.map((p) => [p.projectId, { zh: p.project.nameZh, en: p.project.nameEn }]));
  const codes = new Map(plots.map((p) => [p.id, p.code]));
  // A forest's planting and audits name a stand: which of the guardian's plots lie in which stand.
  const layouts = await loadLayouts(projectIds);
  const inStand = new Map<string, string[]>(); // `${projectId}:${stand}` -> plot codes
  for (const plot of plots) {
    for (const stand of standsOfUnits(layouts.get(plot.projectId)?.sections ?? [], Number(plot.firstUnit), plot.unitCount)) {
      const key = `${plot.projectId}:${stand}`;
      inStand.set(key, [...(inStand.get(key) ?? []), plot.code]);
    }
  }
  const standsByProject = new Map<string, number[]>();
  for (const key of inStand.keys()) {
    const [projectId, stand] = key.split(":") as [string, string];
    standsByProject.set(projectId, [...(standsByProject.get(projectId) ?? []), Number(stand)]);
  }

  const at = before ? { lt: before } : undefined;
  const take = GUARDIAN_FEED_PAGE + 1;
  const plotIds = plots.map((p) => p.id);
  const [evidence, checks, patrols, news, visits] = await Promise.all([
    db().plotEvidence.findMany({
      where: {
        createdAt: at,
        kind: { in: ["PLANTING", "AUDIT", "REPLANTING"] },
        OR: [{ plotId: { in: plotIds } }, ...[...standsByProject].map(([projectId, stands]) => ({ projectId, stand: { in: stands } }))],
      },
      orderBy: { createdAt: "desc" },
      take,
      select: { id: true, kind: true, projectId: true, plotId: true, stand: true, occurredOn: true, createdAt: true },
    }),
    // Survival audits judge each plot: grouped by audit, the guardian's plots found alive or lost.
    db().survivalCheck.findMany({
      where: { plotId: { in: plotIds }, createdAt: at },
      orderBy: { createdAt: "desc" },
      take: take * FEW,
      select: { id: true, plotId: true, year: true, outcome: true, createdAt: true, evidence: { select: { id: true, projectId: true, occurredOn: true } } },
    }),
    db().patrolLog.findMany({ where: { projectId: { in: projectIds }, createdAt: at }, orderBy: { createdAt: "desc" }, take, select: { id: true, projectId: true, occurredOn: true, route: true, createdAt: true } }),
    db().projectNews.findMany({ where: { projectId: { in: projectIds }, publishedAt: at }, orderBy: { publishedAt: "desc" }, take, select: { id: true, projectId: true, titleZh: true, titleEn: true, publishedAt: true } }),
    db().guardianVisit.findMany({ where: { userId, createdAt: at }, orderBy: { createdAt: "desc" }, take, select: { id: true, plotId: true, distanceM: true, createdAt: true } }),
  ]);

  const audits = new Map<string, Extract<GuardianFeedItem, { type: "plot" }>>();
  for (const check of checks) {
    const key = `${check.evidence.id}:${check.outcome}`;
    const item = audits.get(key) ?? {
      type: "plot" as const,
      id: key,
      at: check.createdAt.toISOString(),
      occurredOn: check.evidence.occurredOn.toISOString().slice(0, 10),
      event: check.outcome,
      years: check.year,
      project: names.get(check.evidence.projectId)!,
      plots: [],
    };
    item.plots.push(codes.get(check.plotId)!);
    audits.set(key, item);
  }

  const items: GuardianFeedItem[] = [
    ...evidence.map((e) => ({
      type: "plot" as const,
      id: e.id,
      at: e.createdAt.toISOString(),
      occurredOn: e.occurredOn.toISOString().slice(0, 10),
      event: e.kind as "PLANTING" | "AUDIT" | "REPLANTING",
      years: null,
      project: names.get(e.projectId)!,
      plots: e.plotId ? [codes.get(e.plotId)!] : (inStand.get(`${e.projectId}:${e.stand}`) ?? []),
    })),
    ...audits.values(),
    ...patrols.map((p) => ({ type: "patrol" as const, id: p.id, at: p.createdAt.toISOString(), occurredOn: p.occurredOn.toISOString().slice(0, 10), project: names.get(p.projectId)!, route: p.route })),
    ...news.map((n) => ({ type: "news" as const, id: n.id, at: n.publishedAt.toISOString(), project: names.get(n.projectId)!, title: { zh: n.titleZh, en: n.titleEn } })),
    ...visits.map((v) => ({ type: "visit" as const, id: v.id, at: v.createdAt.toISOString(), plot: codes.get(v.plotId)!, distanceM: v.distanceM })),
  ].sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));
  const page = items.slice(0, GUARDIAN_FEED_PAGE);
  return { items: page, nextBefore: items.length > GUARDIAN_FEED_PAGE ? page[page.length - 1]!.at : null };
}
