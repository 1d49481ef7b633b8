import { audit } from "~/audit/audit.server";
import { db } from "~/db/client.server";
import { say, type Message } from "~/utils/message";
import { readHouseholdCsv, type RowProblem } from "./household-rows";

// Operators keep the registry of registered poor households. Personal data (names, villages)
// is for operators only; public pages show counts and totals.

export type ImportResult =
  | { ok: true; created: number; updated: number; rejected: RowProblem[] }
  | { ok: false; fileProblem: Message };

/** Imports a CSV into a project's registry: good rows are upserted by registration code, bad rows reported. */
/** Imports a county's registry CSV; `by`, the operator, goes to the audit trail in the same transaction. */
export async function importHouseholds(projectId: string, csv: string, by?: string): Promise<ImportResult> {
  const cooperatives = await db().cooperative.findMany({ where: { projectId }, select: { id: true, nameZh: true, nameEn: true } });
  const names = cooperatives.flatMap((c) => [c.nameZh, c.nameEn]);
  const { rows, rejected, fileProblem } = readHouseholdCsv(csv, names);
  if (fileProblem) return { ok: false, fileProblem };
  const cooperativeId = (name: string) => cooperatives.find((c) => c.nameZh === name || c.nameEn === name)?.id ?? null;

  // A code registered in another project is a conflict, not an update.
  const elsewhere = await db().household.findMany({
    where: { registrationCode: { in: rows.map((r) => r.registrationCode) }, NOT: { projectId } },
    select: { registrationCode: true },
  });
  const taken = new Set(elsewhere.map((h) => h.registrationCode));
  const accepted = rows.filter((row) => {
    if (!taken.has(row.registrationCode)) return true;
    rejected.push({ line: row.line, code: row.registrationCode, reasons: [say("households.reasons.otherProject")] });
    return false;
  });

  const existing = new Set(
    (await db().household.findMany({ where: { projectId, registrationCode: { in: accepted.map((r) => r.registrationCode) } }, select: { registrationCode: true } })).map(
      (h) => h.registrationCode,
    ),
  );
  await db().$transaction(async (tx) => {
    for (const row of accepted) {
      const data = {
        headName: row.headName,
        village: row.village,
        county: row.county,
        cooperativeId: row.cooperative ? cooperativeId(row.cooperative) : null,
        members: row.members,
        weight: row.weight,
        payoutMethod: row.payoutMethod,
        status: row.status,
      };
      await tx.household.upsert({ where: { registrationCode: row.registrationCode }, update: data, create: { ...data, projectId, registrationCode: row.registrationCode } });
    }
    if (by) {
      const created = accepted.filter((r) => !existing.has(r.registrationCode)).length;
      await audit(tx, { actorId: by, action: "households_import", subject: projectId, details: { created, updated: accepted.length - created, rejected: rejected.length } });
    }
  });
  rejected.sort((a, b) => a.line - b.line);
  return { ok: true, created: accepted.filter((r) => !existing.has(r.registrationCode)).length, updated: accepted.filter((r) => existing.has(r.registrationCode)).length, rejected };
}

export const HOUSEHOLDS_PER_PAGE = 100;

/** A page of a project's registry, by registration code, and how many it holds. */
export async function listHouseholds(projectId: string, page = 1) {
  const [households, total] = await Promise.all([
    db().household.findMany({
      where: { projectId },
      orderBy: { registrationCode: "asc" },
      skip: (page - 1) * HOUSEHOLDS_PER_PAGE,
      take: HOUSEHOLDS_PER_PAGE,
      include: { cooperative: { select: { nameZh: true, nameEn: true } } },
    }),
    db().household.count({ where: { projectId } }),
  ]);
  return { households, total, pages: Math.max(1, Math.ceil(total / HOUSEHOLDS_PER_PAGE)) };
}
