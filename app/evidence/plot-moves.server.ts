import { Prisma } from "@prisma/client";
import { raiseAlarm } from "~/alarms/alarms.server";
import { db, type Tx } from "~/db/client.server";
import { notificationRow } from "~/notifications/notify.server";

// What a record on the ground does to the plots it covers. Every change is one conditional UPDATE
// on the plots' current status, so a record never moves a plot backwards or twice, and two crews
// recording at once each move a plot at most once between them.
//
//   PLANTING    ALLOCATED   -> PLANTED      (plantedOn = the day)
//   AUDIT       PLANTED     -> VERIFIED
//   SURVIVAL    PLANTED or VERIFIED, planted at least 1 or 3 years before (less EARLY_DAYS):
//               SURVIVING stays; LOST -> REPLANT_DUE with replantBy = the day + REPLANT_WITHIN_DAYS
//   REPLANTING  REPLANT_DUE -> PLANTED      (plantedOn = the day; survival years count again)
//
// A REPLANT_DUE plot past its day reaches the operators' alarms once (raiseOverdueReplantings).

export type EvidenceKind = "PLANTING" | "AUDIT" | "SURVIVAL" | "REPLANTING";
export type PlotTarget = { plotId: string } | { first: number; count: number };
type Where = { projectId: string; target: PlotTarget; occurredOn: string };

/** Each holder whose plots a record moved hears of it once (one notification for all their plots in it). */
export async function tellHolders(tx: Tx, what: "plot_planted" | "plot_verified" | "plot_lost" | "plot_replanted", projectId: string, evidenceId: string, moved: { code: string; holderId: string }[]) {
  const byHolder = new Map<string, string[]>();
  for (const plot of moved) byHolder.set(plot.holderId, [...(byHolder.get(plot.holderId) ?? []), plot.code]);
  if (byHolder.size === 0) return;
  await tx.outboxEvent.createMany({
    data: [...byHolder].map(([holderId, codes]) =>
      notificationRow({
        kind: what,
        key: `${what}-${evidenceId}-${holderId}`,
        to: [holderId],
        params: { projectId, units: codes.length, href: codes.length === 1 ? `/plots/${codes[0]}` : "/plots" },
      }),
    ),
  });
}

export const REPLANT_WITHIN_DAYS = 180;
/** A survival audit may come this many days before the anniversary it checks (crews go by season). */
export const EARLY_DAYS = 60;

export const MOVED_NOTICE = { PLANTING: "plot_planted", AUDIT: "plot_verified", REPLANTING: "plot_replanted" } as const;

const MOVES = {
  PLANTING: { from: ["ALLOCATED"], to: "PLANTED" },
  AUDIT: { from: ["PLANTED"], to: "VERIFIED" },
  REPLANTING: { from: ["REPLANT_DUE"], to: "PLANTED" },
} as const;

const inTarget = (target: PlotTarget) =>
  "plotId" in target ? Prisma.sql`id = ${target.plotId}` : Prisma.sql`"firstUnit" >= ${target.first} AND "firstUnit" < ${target.first + target.count}`;

/** Planting, audits and replanting: the plots moved, with their holders. */
export async function movePlots(tx: Tx, kind: keyof typeof MOVES, { projectId, target, occurredOn }: Where) {
  const { from, to } = MOVES[kind];
  const planted = to === "PLANTED";
  return tx.$queryRaw<{ code: string; holderId: string }[]>`
    UPDATE "Plot" SET status = ${to}::"PlotStatus",
      "plantedOn" = CASE WHEN ${planted} THEN ${occurredOn}::date ELSE "plantedOn" END,
      "replantBy" = NULL, "overdueAt" = NULL
    WHERE "projectId" = ${projectId} AND status::text = ANY(${[...from]}) AND ${inTarget(target)}
    RETURNING code, "holderId"`;
}

/** The given lost codes that are not plots of this target. */
export async function lostOutsideTarget(projectId: string, target: PlotTarget, lost: string[]): Promise<string[]> {
  const inside = await db().$queryRaw<{ code: string }[]>`
    SELECT code FROM "Plot" WHERE "projectId" = ${projectId} AND code = ANY(${lost}) AND ${inTarget(target)}`;
  const found = new Set(inside.map((row) => row.code));
  return lost.filter((code) => !found.has(code));
}

export type SurvivalOutcome = { surviving: number; lost: number; notDue: number; replantBy: string };

/**
 * One verdict per plot of the target that is planted and old enough: SURVIVING, or LOST when its
 * code is listed. A plot already judged for this planting and year keeps its verdict (a record sent
 * twice judges nothing twice). Holders of lost plots are told.
 */
export async function judgeSurvival(tx: Tx, { projectId, target, occurredOn }: Where, evidenceId: string, year: number, lost: string[]): Promise<SurvivalOutcome> {
  const judged = await tx.$queryRaw<{ code: string; holderId: string; outcome: "SURVIVING" | "LOST" }[]>`
    WITH due AS (
      SELECT id, code, "plantedOn" FROM "Plot"
      WHERE "projectId" = ${projectId} AND status IN ('PLANTED', 'VERIFIED') AND ${inTarget(target)}
        AND "plantedOn" <= ${occurredOn}::date - make_interval(years => ${year}::int) + make_interval(days => ${EARLY_DAYS}::int)
      FOR UPDATE
    ), checked AS (
      INSERT INTO "SurvivalCheck" (id, "plotId", "evidenceId", "plantedOn", year, outcome)
      SELECT gen_random_uuid()::text, id, ${evidenceId}, "plantedOn", ${year}::int,
        (CASE WHEN code = ANY(${lost}) THEN 'LOST' ELSE 'SURVIVING' END)::"SurvivalOutcome"
      FROM due
      ON CONFLICT ("plotId", "plantedOn", year) DO NOTHING
      RETURNING "plotId", outcome
    )
    UPDATE "Plot" p SET
      status = CASE WHEN c.outcome = 'LOST' THEN 'REPLANT_DUE'::"PlotStatus" ELSE p.status END,
      "replantBy" = CASE WHEN c.outcome = 'LOST' THEN ${occurredOn}::date + ${REPLANT_WITHIN_DAYS}::int ELSE p."replantBy" END,
      "survivedThreeYears" = p."survivedThreeYears" OR (c.outcome = 'SURVIVING' AND ${year}::int = 3)
    FROM checked c WHERE p.id = c."plotId"
    RETURNING p.code, p."holderId", c.outcome::text AS outcome`;
  const [{ covered }] = (await tx.$queryRaw<{ covered: number }[]>`
    SELECT count(*)::int AS covered FROM "Plot" WHERE "projectId" = ${projectId} AND ${inTarget(target)}`) as [{ covered: number }];
  const lostPlots = judged.filter((plot) => plot.outcome === "LOST");
  await tellHolders(tx, "plot_lost", projectId, evidenceId, lostPlots);
  const replantBy = new Date(Date.parse(`${occurredOn}T00:00:00Z`) + REPLANT_WITHIN_DAYS * 86_400_000).toISOString().slice(0, 10);
  return { surviving: judged.length - lostPlots.length, lost: lostPlots.length, notDue: covered - judged.length, replantBy };
}

const OVERDUE_BATCH = 500;

/**
 * Plots whose replanting is past its day (`today`, a day where the projects are) reach the
 * operators' alarms exactly once: marking a plot and raising its alarm are one transaction, and a
 * plot is marked only while unmarked, so two runs at once never raise one twice.
 */
export async function raiseOverdueReplantings(today: string): Promise<number> {
  let raised = 0;
  for (;;) {
    const count = await db().$transaction(async (tx) => {
      const overdue = await tx.$queryRaw<{ id: string; code: string; projectId: string; replantBy: Date }[]>`
        UPDATE "Plot" SET "overdueAt" = now()
        WHERE id IN (
          SELECT id FROM "Plot" WHERE status = 'REPLANT_DUE' AND "replantBy" < ${today}::date AND "overdueAt" IS NULL
          ORDER BY "replantBy" LIMIT ${OVERDUE_BATCH} FOR UPDATE SKIP LOCKED)
        RETURNING id, code, "projectId", "replantBy"`;
      for (const plot of overdue) {
        const replantBy = plot.replantBy.toISOString().slice(0, 10);
        await raiseAlarm(tx, { key: `replant_overdue:${plot.id}:${replantBy}`, kind: "replant_overdue", detail: { plotCode: plot.code, projectId: plot.projectId, replantBy } });
      }
      return overdue.length;
    });
    raised += count;
    if (count < OVERDUE_BATCH) return raised;
  }
}
