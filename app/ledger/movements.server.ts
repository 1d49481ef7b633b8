import type { MoneyAccountKind } from "@prisma/client";
import { reader } from "~/db/client.server";

// The money ledger's movements as the public may see them: per China-time day and kind of
// account (households' payables, their unallocated pool, cooperatives, the ecology fund) of a
// county's projects, summed; never an account, a household or an order.

export const MOVEMENT_DAYS_PAGE = 30;
/** The most days a CSV download holds: ten years. */
const MAX_DAYS = 3_660;

export type Movement = { day: string; kind: MoneyAccountKind; credits: bigint; debits: bigint; transactions: number };

async function movements(projectIds: string[], skipDays: number, takeDays: number): Promise<Movement[]> {
  if (!projectIds.length) return [];
  const rows = await reader().$queryRaw<{ day: Date; kind: MoneyAccountKind; credits: bigint; debits: bigint; transactions: number }[]>`
    WITH moved AS (
      SELECT (t."createdAt" AT TIME ZONE 'UTC' AT TIME ZONE 'Asia/Shanghai')::date AS day, a.kind, e."amountFen", t.id AS tx
      FROM "MoneyEntry" e JOIN "MoneyAccount" a ON a.id = e."accountId" JOIN "MoneyTransaction" t ON t.id = e."transactionId"
      WHERE a."projectId" = ANY(${projectIds})
    ), days AS (
      SELECT DISTINCT day FROM moved ORDER BY day DESC OFFSET ${skipDays} LIMIT ${takeDays}
    )
    SELECT m.day, m.kind,
      COALESCE(-sum(m."amountFen") FILTER (WHERE m."amountFen" < 0), 0)::bigint AS credits,
      COALESCE(sum(m."amountFen") FILTER (WHERE m."amountFen" > 0), 0)::bigint AS debits,
      count(DISTINCT m.tx)::int AS transactions
    FROM moved m JOIN days d ON d.day = m.day
    GROUP BY m.day, m.kind ORDER BY m.day DESC, m.kind`;
  return rows.map((r) => ({ ...r, day: r.day.toISOString().slice(0, 10) }));
}

/** A page of days (page 1 newest) and how many pages there are. */
export async function movementsPage(projectIds: string[], page: number) {
  const [rows, [count]] = await Promise.all([
    movements(projectIds, (page - 1) * MOVEMENT_DAYS_PAGE, MOVEMENT_DAYS_PAGE),
    projectIds.length
      ? reader().$queryRaw<{ days: number }[]>`
          SELECT count(DISTINCT (t."createdAt" AT TIME ZONE 'UTC' AT TIME ZONE 'Asia/Shanghai')::date)::int AS days
          FROM "MoneyEntry" e JOIN "MoneyAccount" a ON a.id = e."accountId" JOIN "MoneyTransaction" t ON t.id = e."transactionId"
          WHERE a."projectId" = ANY(${projectIds})`
      : Promise.resolve([{ days: 0 }]),
  ]);
  return { rows, pages: Math.max(1, Math.ceil((count?.days ?? 0) / MOVEMENT_DAYS_PAGE)) };
}

/** Every day (up to ten years), newest first, for the CSV download. */
export const allMovements = (projectIds: string[]) => movements(projectIds, 0, MAX_DAYS);
