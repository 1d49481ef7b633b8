import type { BudgetCategory } from "@prisma/client";
import { dayText } from "~/payouts/china-days";

// The ecology fund's rules that pages share with the server (./fund.server.ts).

export const BUDGET_CATEGORIES = ["PATROL_WAGES", "SEEDLINGS", "PLANTING_LABOUR", "MAINTENANCE"] as const satisfies readonly BudgetCategory[];

export const EXPENSE_DESCRIPTION_MAX = 300;
export const PAYEE_NAME_MAX = 100;

/** The year an expense or a budget belongs to: the calendar year in China. */
export const chinaYear = (at: Date) => Number(dayText(at).slice(0, 4));
