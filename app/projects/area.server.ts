import { audit } from "~/audit/audit.server";
import { db, reader, type Tx } from "~/db/client.server";
import type { EvidenceKind } from "~/evidence/plot-moves.server";

// What a project's area page and the impact page show: counters kept apart (energy redeemed,
// plots redeemed, planted, verified: never one merged number), guardians, news, products.

export type Counters = {
  energyRedeemedGrams: number;
  plotsRedeemed: number;
  unitsRedeemed: number;
  plotsPlanted: number;
  plotsVerified: number;
  plotsSurvivingThreeYears: number;
};

export const emptyCounters = (): Counters => ({ energyRedeemedGrams: 0, plotsRedeemed: 0, unitsRedeemed: 0, plotsPlanted: 0, plotsVerified: 0, plotsSurvivingThreeYears: 0 });

/**
 * Counters per project id, read from the tallies the database keeps as plots and redemptions are
 * written (ProjectTally): the same figures as counting the tables, at any size. Planted counts
 * every plot with a tree or land planted now, verified or not (not one lost and to be replanted).
 */
export async function countersByProject(projectId?: string): Promise<Map<string, Counters>> {
  const tallies = await reader().projectTally.findMany({ where: projectId ? { projectId } : {} });
  return new Map(
    tallies.map((t) => [
      t.projectId,
      {
        energyRedeemedGrams: Number(t.energyRedeemedGrams),
        plotsRedeemed: t.plotsRedeemed,
        unitsRedeemed: Number(t.unitsRedeemed),
        plotsPlanted: t.plotsPlanted,
        plotsVerified: t.plotsVerified,
        plotsSurvivingThreeYears: t.plotsSurvivingThreeYears,
      },
    ]),
  );
}

export function totalCounters(counters: Iterable<Counters>): Counters {
  const total = emptyCounters();
  for (const c of counters) for (const key of Object.keys(total) as (keyof Counters)[]) total[key] += c[key];
  return total;
}

/** "New villagers": everyone who holds at least one plot of the project. */
export async function guardianCount(projectId: string): Promise<number> {
  return (await reader().projectTally.findUnique({ where: { projectId }, select: { guardians: true } }))?.guardians ?? 0;
}

/**
 * Where the tallies differ from counting the tables (none, unless something wrote around the
 * triggers): the invariant checks and the tests read this.
 */
export async function tallyDrift(client: Pick<Tx, "$queryRaw"> = db()) {
  return client.$queryRaw<{ projectId: string; what: string; kept: bigint; counted: bigint }[]>`
    WITH counted AS (
      SELECT pr.id AS "projectId",
        (SELECT count(*) FROM "Plot" p WHERE p."projectId" = pr.id) AS plots,
        (SELECT COALESCE(sum("unitCount"), 0) FROM "Plot" p WHERE p."projectId" = pr.id) AS units,
        (SELECT count(*) FROM "Plot" p WHERE p."projectId" = pr.id AND p.status IN ('PLANTED', 'VERIFIED')) AS planted,
        (SELECT count(*) FROM "Plot" p WHERE p."projectId" = pr.id AND p."survivedThreeYears") AS survived,
        (SELECT count(*) FROM "Plot" p WHERE p."projectId" = pr.id AND p.status = 'VERIFIED') AS verified,
        (SELECT COALESCE(sum("costGrams"), 0) FROM "Redemption" r WHERE r."projectId" = pr.id AND r.status = 'SETTLED') AS energy,
        (SELECT count(DISTINCT "holderId") FROM "Plot" p WHERE p."projectId" = pr.id) AS guardians
      FROM "Project" pr
    ), kept AS (
      SELECT pr.id AS "projectId", COALESCE(t."plotsRedeemed", 0) AS plots, COALESCE(t."unitsRedeemed", 0) AS units,
        COALESCE(t."plotsPlanted", 0) AS planted, COALESCE(t."plotsVerified", 0) AS verified, COALESCE(t."plotsSurvivingThreeYears", 0) AS survived,
        COALESCE(t."energyRedeemedGrams", 0) AS energy, COALESCE(t.guardians, 0) AS guardians
      FROM "Project" pr LEFT JOIN "ProjectTally" t ON t."projectId" = pr.id
    )
    SELECT c."projectId", v.what, v.kept, v.counted FROM counted c JOIN kept k USING ("projectId"),
      LATERAL (VALUES ('plots', k.plots::bigint, c.plots), ('units', k.units::bigint, c.units::bigint), ('planted', k.planted::bigint, c.planted),
        ('verified', k.verified::bigint, c.verified), ('survived', k.survived::bigint, c.survived), ('energy', k.energy::bigint, c.energy::bigint), ('guardians', k.guardians::bigint, c.guardians)) AS v(what, kept, counted)
    WHERE v.kept <> v.counted
    UNION ALL
    SELECT COALESCE(h."projectId", p."projectId") || ' ' || COALESCE(h."holderId", p."holderId"), 'holder', COALESCE(h.plots, 0)::bigint, COALESCE(p.plots, 0)
    FROM "ProjectHolder" h FULL JOIN (SELECT "projectId", "holderId", count(*) AS plots FROM "Plot" GROUP BY 1, 2) p USING ("projectId", "holderId")
    WHERE COALESCE(h.plots, 0) <> COALESCE(p.plots, 0)
    UNION ALL
    SELECT COALESCE(g."userId", e."userId"), 'gathered', COALESCE(g.grams, 0), COALESCE(e.grams, 0)::bigint
    FROM "EnergyGatheredTotal" g FULL JOIN (
      SELECT "userId", sum(grams) AS grams FROM "EnergyEntry"
      WHERE account = 'BALANCE' AND kind IN ('COLLECT', 'STEAL', 'WATER') AND grams > 0 GROUP BY 1) e USING ("userId")
    WHERE COALESCE(g.grams, 0) <> COALESCE(e.grams, 0)`;
}

export type FeedItem =
  | { type: "news"; id: string; at: string; title: { zh: string; en: string }; body: { zh: string; en: string } }
  | { type: "patrol"; id: string; at: string; occurredOn: string; route: string; observations: string; photos: { id: string; fileName: string }[] }
  | { type: "evidence"; id: string; at: string; occurredOn: string; kind: EvidenceKind; surveyYear: number | null; stand: number | null; plotCode: string | null; plotsMoved: number };

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
      surveyYear: e.surveyYear,
      stand: e.stand,
      plotCode: e.plot?.code ?? null,
      plotsMoved: e.plotsMoved,
    })),
  ].sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));
  const page = items.slice(0, FEED_PAGE);
  return { items: page, nextBefore: items.length > FEED_PAGE ? page[page.length - 1]!.at : null };
}

export async function postNews(input: { projectId: string; authorId: string; titleZh: string; titleEn: string; bodyZh: string; bodyEn: string }) {
  return db().$transaction(async (tx) => {
    const news = await tx.projectNews.create({ data: input });
    await audit(tx, { actorId: input.authorId, action: "news_post", subject: news.id, details: { projectId: input.projectId, titleEn: input.titleEn } });
    return news;
  });
}
