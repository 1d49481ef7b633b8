import { z } from "zod";
import { parseYuan } from "~/money/yuan";

// Periods are chosen as calendar dates in China time, both days included: 2026-11-01 to
// 2026-11-30 is [2026-11-01 00:00 +08:00, 2026-12-01 00:00 +08:00).

const DAY_MS = 24 * 3600 * 1000;
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "dateFormat");

export const dayStart = (day: string) => new Date(`${day}T00:00:00+08:00`);
export const dayText = (at: Date) => new Date(at.getTime() + 8 * 3600 * 1000).toISOString().slice(0, 10);
/** The last day a period includes (its end is the start of the next day). */
export const lastDayText = (end: Date) => dayText(new Date(end.getTime() - DAY_MS));

export type PeriodInput = { projectId: string; from: string; to: string; minimum?: string };

/**
 * Reads a period, with a minimum in yuan for payout batches; a project is required for a batch
 * and optional (all projects) for reconciliation. Problems are i18n keys by field.
 */
export function readPeriod(fields: PeriodInput, kind: "batch" | "reconciliation") {
  const problems: Record<string, string> = {};
  const from = date.safeParse(fields.from);
  const to = date.safeParse(fields.to);
  if (!from.success) problems.from = "payouts.problems.date";
  if (!to.success) problems.to = "payouts.problems.date";
  const periodStart = dayStart(fields.from);
  const periodEnd = new Date(dayStart(fields.to).getTime() + DAY_MS);
  if (from.success && to.success && !(periodStart < periodEnd)) problems.to = "payouts.problems.order";
  const minimumFen = kind === "batch" ? parseYuan(fields.minimum ?? "") : 0n;
  if (minimumFen === null) problems.minimum = "payouts.problems.minimum";
  if (kind === "batch" && !fields.projectId) problems.projectId = "payouts.problems.project";
  if (Object.keys(problems).length) return { ok: false as const, problems };
  return { ok: true as const, input: { projectId: fields.projectId || null, periodStart, periodEnd, minimumFen: minimumFen! } };
}
