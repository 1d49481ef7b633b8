import { z } from "zod";
import { parseYuan } from "~/money/yuan";
import { idField } from "~/utils/fields";
import { operation } from "~/utils/operation.server";
import { BUDGET_CATEGORIES, EXPENSE_DESCRIPTION_MAX, PAYEE_NAME_MAX } from "./budget";
import { buildExpense, setBudgetLine } from "./fund.server";

// Operators' commands on the ecology fund (the /ops/fund page), declared once.


const category = z.enum(BUDGET_CATEGORIES, { message: "fund.problems.category" });

/** Yuan as typed (12 or 12.50), in fen; zero allowed only where `zero` says so. */
const yuan = (zero: boolean) =>
  z
    .string()
    .max(20, "fund.problems.amount")
    .transform((text, context) => {
      const fen = parseYuan(text);
      if (fen !== null && (zero || fen > 0n)) return fen;
      context.addIssue({ code: "custom", message: "fund.problems.amount" });
      return z.NEVER;
    });

export const setBudget = operation({
  name: "ops.budget-set",
  summary: "Operators: set what a project's ecology fund plans to spend on one budget line in a year",
  input: z.object({ projectId: idField(), year: z.coerce.number({ message: "fund.problems.year" }).int("fund.problems.year").min(2018, "fund.problems.year").max(2100, "fund.problems.year"), category, amount: yuan(true) }),
  who: "operator",
  refusals: { project_not_found: 404 },
  messages: "fund.refused",
  run: (actor, input) => setBudgetLine({ projectId: input.projectId, year: input.year, category: input.category, amountFen: input.amount, by: actor.id }),
});

export const buildFundExpense = operation({
  name: "ops.expense-build",
  summary: "Operators: build an ecology-fund expense (a budget line, a payee, the record it pays for) as a draft payout another operator approves",
  input: z
    .object({
      projectId: idField(),
      category,
      description: z.string().trim().min(1, "fund.problems.description").max(EXPENSE_DESCRIPTION_MAX, "fund.problems.description"),
      amount: yuan(false),
      // "cooperative:<id>", or "other" with the payee's name.
      payee: z.string().regex(/^(cooperative:[\w-]{1,64}|other)$/, "fund.problems.payee"),
      payeeName: z.string().trim().max(PAYEE_NAME_MAX, "fund.problems.payeeName").default(""),
      // "patrol:<id>" or "evidence:<id>".
      record: z.string({ message: "fund.problems.record" }).regex(/^(patrol|evidence):[\w-]{1,64}$/, "fund.problems.record"),
    })
    .superRefine((input, context) => {
      if (input.payee === "other" && !input.payeeName) context.addIssue({ code: "custom", path: ["payeeName"], message: "fund.problems.payeeName" });
    }),
  who: "operator",
  refusals: { no_budget_line: 409, record_not_found: 404, cooperative_not_found: 404, above_fund: 409 },
  messages: "fund.refused",
  run: (actor, input) => {
    const [recordKind, recordId] = input.record.split(":") as ["patrol" | "evidence", string];
    return buildExpense({
      projectId: input.projectId,
      category: input.category,
      description: input.description,
      amountFen: input.amount,
      payee: input.payee === "other" ? { name: input.payeeName } : { cooperativeId: input.payee.slice("cooperative:".length) },
      record: recordKind === "patrol" ? { patrolLogId: recordId } : { evidenceId: recordId },
      builtById: actor.id,
    });
  },
});
