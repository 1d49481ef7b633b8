import type { HouseholdWeighting, Prisma, WorkKind } from "@prisma/client";
import { db } from "~/db/client.server";
import { localDay } from "~/energy/local-time";

// Registered households as growers and patrollers (issue #21, ADR 034): a day's work is recorded
// with the evidence record, patrol or product batch it was part of. It is counted for the public
// ("N of M households worked this year", no names) and, where a project chooses it, weights the
// household pool of its sales by the distinct days each household worked in the year before.

type Tx = Prisma.TransactionClient;
type Link = { evidenceId: string } | { patrolId: string } | { batchId: string };

/** Thrown inside a record's transaction: these codes are not active households of the project. */
export class UnknownHouseholds extends Error {
  constructor(readonly codes: string[]) {
    super(`not active households of the project: ${codes.join(", ")}`);
  }
}

/**
 * Records the listed households' day of work on one record, in the record's transaction; an
 * unknown, exited or suspended code refuses the whole record (UnknownHouseholds). Twice is once.
 */
export async function recordWork(tx: Tx, input: { projectId: string; codes: string[]; kind: WorkKind; day: string; link: Link }): Promise<number> {
  if (!input.codes.length) return 0;
  const found = await tx.household.findMany({
    where: { projectId: input.projectId, registrationCode: { in: input.codes }, status: "ACTIVE" },
    select: { id: true, registrationCode: true },
  });
  const known = new Set(found.map((h) => h.registrationCode));
  const unknown = input.codes.filter((code) => !known.has(code));
  if (unknown.length) throw new UnknownHouseholds(unknown);
  const created = await tx.householdWork.createMany({
    data: found.map((h) => ({ householdId: h.id, projectId: input.projectId, kind: input.kind, day: new Date(`${input.day}T00:00:00Z`), ...input.link })),
    skipDuplicates: true,
  });
  return created.count;
}

/**
 * The weights a sale's household pool is split by, one per active household in registration-code
 * order: registered weights; or, for a project weighting by work, the distinct days each worked in
 * the 365 days up to the sale's day (registered weights again while nobody has worked).
 */
export async function poolWeights(tx: Tx, projectId: string, at: Date): Promise<{ id: string; weight: bigint }[]> {
  const project = await tx.project.findUniqueOrThrow({ where: { id: projectId }, select: { householdWeighting: true, timeZone: true } });
  const day = localDay(at, project.timeZone);
  const rows = await tx.$queryRaw<{ id: string; weight: number; days: bigint }[]>`
    SELECT h.id, h.weight, count(DISTINCT w.day)::bigint AS days
    FROM "Household" h
    LEFT JOIN "HouseholdWork" w ON w."householdId" = h.id AND w.day <= ${day}::date AND w.day > ${day}::date - 365
    WHERE h."projectId" = ${projectId} AND h.status = 'ACTIVE'
    GROUP BY h.id, h.weight, h."registrationCode"
    ORDER BY h."registrationCode"`;
  const byWork = project.householdWeighting === "WORK" && rows.some((r) => r.days > 0n);
  return rows.map((r) => ({ id: r.id, weight: byWork ? BigInt(r.days) : BigInt(r.weight) }));
}

/** How many of a project's registered (not exited) households worked this calendar year, where the project is. */
export async function householdsAtWork(projectId: string, timeZone: string, now = new Date()): Promise<{ worked: number; registered: number }> {
  const year = localDay(now, timeZone).slice(0, 4);
  const [row] = await db().$queryRaw<{ worked: bigint; registered: bigint }[]>`
    SELECT
      (SELECT count(*) FROM "Household" h WHERE h."projectId" = ${projectId} AND h.status <> 'EXITED')::bigint AS registered,
      (SELECT count(DISTINCT w."householdId") FROM "HouseholdWork" w JOIN "Household" h ON h.id = w."householdId"
        WHERE w."projectId" = ${projectId} AND h.status <> 'EXITED'
          AND w.day >= ${`${year}-01-01`}::date AND w.day <= ${`${year}-12-31`}::date)::bigint AS worked`;
  return { worked: Number(row?.worked ?? 0), registered: Number(row?.registered ?? 0) };
}

/** A household's days of work, newest first (its statement, for operators). */
export async function workOf(householdId: string, take = 100) {
  return db().householdWork.findMany({ where: { householdId }, orderBy: [{ day: "desc" }, { createdAt: "desc" }], take, select: { id: true, kind: true, day: true, evidenceId: true, patrolId: true, batchId: true } });
}

export async function setHouseholdWeighting(projectId: string, weighting: HouseholdWeighting): Promise<boolean> {
  const updated = await db().project.updateMany({ where: { id: projectId }, data: { householdWeighting: weighting } });
  return updated.count === 1;
}
