import { db, reader, type Tx } from "~/db/client.server";

// Public money figures per project and county, all derived from the ledger and the payouts, with
// no personal data: only sums and a count of households.

export type MoneyFigures = {
  revenueFen: bigint;
  householdsAllocatedFen: bigint;
  ecologyFen: bigint;
  paidOutFen: bigint;
  households: number;
  /** Payouts paid, and how many of them their household has confirmed receiving (at /r/<code> or on the phone). */
  paidPayouts: number;
  confirmedPayouts: number;
};

const ZERO: MoneyFigures = { revenueFen: 0n, householdsAllocatedFen: 0n, ecologyFen: 0n, paidOutFen: 0n, households: 0, paidPayouts: 0, confirmedPayouts: 0 };

export const countySlug = (countyEn: string) =>
  countyEn
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");

async function figuresByProject(): Promise<Map<string, MoneyFigures>> {
  const [tallies, paid, households] = await Promise.all([
    // Sales net of refunds, and what went to households and the ecology fund: kept by a trigger on
    // the ledger's entries (migration 20261203120000_money_tally), not summed per view.
    reader().moneyTally.findMany(),
    reader().$queryRaw<{ projectId: string; fen: bigint; paid: number; confirmed: number }[]>`
      SELECT h."projectId", sum(p."amountFen")::bigint AS fen, count(*)::int AS paid, (count(*) FILTER (WHERE p."receiptAnswer" = 'CONFIRMED'))::int AS confirmed
      FROM "Payout" p JOIN "Household" h ON h.id = p."householdId"
      WHERE p.status = 'PAID' GROUP BY h."projectId"`,
    reader().household.groupBy({ by: ["projectId"], where: { status: "ACTIVE" }, _count: true }),
  ]);
  const figures = new Map<string, MoneyFigures>();
  const of = (projectId: string) => figures.get(projectId) ?? figures.set(projectId, { ...ZERO }).get(projectId)!;
  for (const row of tallies) {
    if (row.figure === "revenue") of(row.projectId).revenueFen = row.fen;
    else if (row.figure === "ecology") of(row.projectId).ecologyFen = row.fen;
    else of(row.projectId).householdsAllocatedFen = row.fen;
  }
  for (const row of paid) Object.assign(of(row.projectId), { paidOutFen: BigInt(row.fen), paidPayouts: row.paid, confirmedPayouts: row.confirmed });
  for (const row of households) of(row.projectId).households = row._count;
  return figures;
}

/**
 * Where the kept money figures differ from the ledger's entries summed afresh by
 * `sapling_money_counted()` (none, or a trigger is wrong).
 */
export function moneyTallyDrift(client: Pick<Tx, "$queryRaw"> = db()) {
  return client.$queryRaw<{ projectId: string; figure: string; kept: bigint; counted: bigint }[]>`
    SELECT COALESCE(k."projectId", c."projectId") AS "projectId", COALESCE(k.figure, c.figure) AS figure, COALESCE(k.fen, 0) AS kept, COALESCE(c.fen, 0) AS counted
    FROM "MoneyTally" k FULL JOIN sapling_money_counted() c ON c."projectId" = k."projectId" AND c.figure = k.figure
    WHERE COALESCE(k.fen, 0) <> COALESCE(c.fen, 0)`;
}

function sum(list: MoneyFigures[]): MoneyFigures {
  return list.reduce(
    (total, f) => ({
      revenueFen: total.revenueFen + f.revenueFen,
      householdsAllocatedFen: total.householdsAllocatedFen + f.householdsAllocatedFen,
      ecologyFen: total.ecologyFen + f.ecologyFen,
      paidOutFen: total.paidOutFen + f.paidOutFen,
      households: total.households + f.households,
      paidPayouts: total.paidPayouts + f.paidPayouts,
      confirmedPayouts: total.confirmedPayouts + f.confirmedPayouts,
    }),
    { ...ZERO },
  );
}

export type ProjectFigures = { id: string; slug: string; kind: "FOREST" | "PROTECTED_AREA"; name: { zh: string; en: string }; county: { zh: string; en: string; slug: string }; figures: MoneyFigures };
export type CountyFigures = { slug: string; name: { zh: string; en: string }; projects: ProjectFigures[]; figures: MoneyFigures };

/** Every project's figures, and every county's (the sum of its projects). */
export async function transparency(): Promise<{ projects: ProjectFigures[]; counties: CountyFigures[]; total: MoneyFigures }> {
  const [projects, figures] = await Promise.all([
    reader().project.findMany({ orderBy: { createdAt: "asc" }, select: { id: true, slug: true, kind: true, nameZh: true, nameEn: true, countyZh: true, countyEn: true } }),
    figuresByProject(),
  ]);
  const rows: ProjectFigures[] = projects.map((p) => ({
    id: p.id,
    slug: p.slug,
    kind: p.kind,
    name: { zh: p.nameZh, en: p.nameEn },
    county: { zh: p.countyZh, en: p.countyEn, slug: countySlug(p.countyEn) },
    figures: figures.get(p.id) ?? { ...ZERO },
  }));
  const counties = new Map<string, CountyFigures>();
  for (const row of rows) {
    const county = counties.get(row.county.slug) ?? { slug: row.county.slug, name: { zh: row.county.zh, en: row.county.en }, projects: [], figures: ZERO };
    county.projects.push(row);
    county.figures = sum(county.projects.map((p) => p.figures));
    counties.set(row.county.slug, county);
  }
  return { projects: rows, counties: [...counties.values()], total: sum(rows.map((r) => r.figures)) };
}
