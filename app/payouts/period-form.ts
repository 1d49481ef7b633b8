import { z } from "zod";
import { parseYuan } from "~/money/yuan";

import { DAY_MS, dayStart, dayText } from "./china-days";

// Periods are chosen as calendar dates in China time, both days included (./china-days).

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "dateFormat");


export type PeriodInput = { projectId: string; from: string; to: string; minimum?: string };

/**
 * Reads a period, with a minimum in yuan for payout batches; a project is required for a batch
 * and optional (all projects) for reconciliation. Problems are i18n keys by field.
 */
/** The first day a period may start on: before Sapling there is nothing to pay or reconcile. */
export const FIRST_DAY = "2018-01-01";

/** A real calendar day (not 2026-02-31) from FIRST_DAY to today in China time, or the problem with it. */
function dayProblem(day: string, now: Date): string | null {
  const start = dayStart(day);
  if (!date.safeParse(day).success || Number.isNaN(start.getTime()) || dayText(start) !== day) return "payouts.problems.date";
  if (day < FIRST_DAY || day > dayText(now)) return "payouts.problems.range";
  return null;
}

export function readPeriod(fields: PeriodInput, kind: "batch" | "reconciliation", now = new Date()) {
  const problems: Record<string, string> = {};
  const fromProblem = dayProblem(fields.from, now);
  const toProblem = dayProblem(fields.to, now);
  if (fromProblem) problems.from = fromProblem;
  if (toProblem) problems.to = toProblem;
  const periodStart = dayStart(fields.from);
  const periodEnd = new Date(dayStart(fields.to).getTime() + DAY_MS);
  if (!fromProblem && !toProblem && !(periodStart < periodEnd)) problems.to = "payouts.problems.order";
  const minimumFen = kind === "batch" ? parseYuan(fields.minimum ?? "") : 0n;
  if (minimumFen === null) problems.minimum = "payouts.problems.minimum";
  if (kind === "batch" && !fields.projectId) problems.projectId = "payouts.problems.project";
  if (Object.keys(problems).length) return { ok: false as const, problems };
  return { ok: true as const, input: { projectId: fields.projectId || null, periodStart, periodEnd, minimumFen: minimumFen! } };
}

/** Whom a batch pays: households (the default), or cooperatives (a settlement). */
export const BATCH_PAYEES = ["HOUSEHOLDS", "COOPERATIVES"] as const;

/**
 * The same rules as a schema, for operations: the form's fields (project, from, to, minimum, and
 * for a batch whom it pays) in, the period out; each problem on its field.
 */
export const periodSchema = (kind: "batch" | "reconciliation") =>
  z
    .object({
      project: z.string().max(100).default(""),
      from: z.string().max(20).default(""),
      to: z.string().max(20).default(""),
      minimum: z.string().max(20).optional(),
      payees: z.enum(BATCH_PAYEES, { message: "payouts.problems.payees" }).default("HOUSEHOLDS"),
    })
    .transform((fields, context) => {
      const period = readPeriod({ projectId: fields.project, from: fields.from, to: fields.to, minimum: fields.minimum }, kind);
      if (period.ok) return { ...period.input, kind: fields.payees };
      for (const [field, message] of Object.entries(period.problems)) context.addIssue({ code: "custom", path: [field], message });
      return z.NEVER;
    });
