import type { BudgetCategory, Prisma } from "@prisma/client";
import { audit } from "~/audit/audit.server";
import { db, reader, type Tx } from "~/db/client.server";
import { accounts, postBatchReserved } from "~/ledger/money-ledger.server";
import { announceBatch } from "~/payouts/batches.server";
import { dayText } from "~/payouts/china-days";
import { fenToYuanText } from "~/money/yuan";
import { Refused } from "~/utils/refused";
import { BUDGET_CATEGORIES, chinaYear } from "./budget";

// The ecology fund's spending (issue #19). Every sale credits the project's fund; a year's budget
// says what it is for, line by line; an expense is built by one operator and becomes a payout
// batch of one (kind ECOLOGY) that a second operator approves, so it is paid, retried, confirmed
// and reconciled exactly as household payouts are. Building reserves the amount from the fund (the
// fund to payouts in transit), so the fund's balance is always what is left to spend, and an
// expense above it is refused.


/** What the fund holds now: credited by sales, less every expense reserved and not returned. */
export async function fundBalance(client: Pick<Tx, "$queryRaw">, projectId: string): Promise<bigint> {
  const [row] = await client.$queryRaw<{ fen: bigint }[]>`
    SELECT COALESCE(-sum(e."amountFen"), 0)::bigint AS fen FROM "MoneyEntry" e JOIN "MoneyAccount" a ON a.id = e."accountId" WHERE a.key = ${accounts.ecology(projectId).key}`;
  return BigInt(row?.fen ?? 0);
}

/** Sets one budget line of a project's year (a new amount replaces the old one; it is audited). */
export async function setBudgetLine(input: { projectId: string; year: number; category: BudgetCategory; amountFen: bigint; by: string }) {
  return db().$transaction(async (tx) => {
    if (!(await tx.project.count({ where: { id: input.projectId } }))) throw new Refused("project_not_found");
    const line = await tx.budgetLine.upsert({
      where: { projectId_year_category: { projectId: input.projectId, year: input.year, category: input.category } },
      create: { projectId: input.projectId, year: input.year, category: input.category, amountFen: input.amountFen },
      update: { amountFen: input.amountFen },
    });
    await audit(tx, { actorId: input.by, action: "budget_set", subject: line.id, details: { projectId: input.projectId, year: input.year, category: input.category, amountFen: String(input.amountFen) } });
    return line;
  });
}

export type ExpenseInput = {
  projectId: string;
  category: BudgetCategory;
  description: string;
  amountFen: bigint;
  /** A cooperative of the project (paid by Connect transfer if it has an account), or a named payee paid from the disbursement list. */
  payee: { cooperativeId: string } | { name: string };
  /** The record of the work it pays for. */
  record: { patrolLogId: string } | { evidenceId: string };
  builtById: string;
};

async function recordBelongs(tx: Tx, projectId: string, record: ExpenseInput["record"]) {
  if ("patrolLogId" in record) return (await tx.patrolLog.count({ where: { id: record.patrolLogId, projectId } })) === 1;
  return (await tx.plotEvidence.count({ where: { id: record.evidenceId, projectId } })) === 1;
}

/**
 * Builds an expense of this year's budget line as a draft batch of one payout, reserving its amount
 * from the fund. Builds for a project take turns with its payout batches (one advisory lock), so
 * two expenses built at once can never spend the same fen.
 */
export async function buildExpense(input: ExpenseInput, now = new Date()) {
  return db().$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`payout-build:${input.projectId}`}))`;
    const year = chinaYear(now);
    const line = await tx.budgetLine.findUnique({ where: { projectId_year_category: { projectId: input.projectId, year, category: input.category } } });
    if (!line) throw new Refused("no_budget_line", { year });
    if (!(await recordBelongs(tx, input.projectId, input.record))) throw new Refused("record_not_found");
    const cooperative = "cooperativeId" in input.payee ? await tx.cooperative.findFirst({ where: { id: input.payee.cooperativeId, projectId: input.projectId } }) : null;
    if ("cooperativeId" in input.payee && !cooperative) throw new Refused("cooperative_not_found");
    const balance = await fundBalance(tx, input.projectId);
    if (input.amountFen > balance) throw new Refused("above_fund", { balance: fenToYuanText(balance) });

    const expense = await tx.expense.create({
      data: {
        projectId: input.projectId,
        budgetLineId: line.id,
        description: input.description,
        cooperativeId: cooperative?.id ?? null,
        payeeName: cooperative?.nameZh ?? ("name" in input.payee ? input.payee.name : ""),
        amountFen: input.amountFen,
        patrolLogId: "patrolLogId" in input.record ? input.record.patrolLogId : null,
        evidenceId: "evidenceId" in input.record ? input.record.evidenceId : null,
      },
    });
    const batch = await tx.payoutBatch.create({
      data: { kind: "ECOLOGY", projectId: input.projectId, periodStart: now, periodEnd: now, minimumFen: 0n, builtById: input.builtById },
    });
    const connect = Boolean(cooperative?.stripeAccountId);
    await tx.payout.create({
      data: {
        batchId: batch.id,
        expenseId: expense.id,
        payableKey: accounts.ecology(input.projectId).key,
        amountFen: input.amountFen,
        method: connect ? "STRIPE_CONNECT" : "DISBURSEMENT_LIST",
        destination: connect ? cooperative!.stripeAccountId : null,
      },
    });
    await postBatchReserved(tx, batch.id);
    await audit(tx, {
      actorId: input.builtById,
      action: "expense_build",
      subject: expense.id,
      details: { projectId: input.projectId, batchId: batch.id, category: input.category, amountFen: String(input.amountFen) },
    });
    await announceBatch(tx, { batchId: batch.id, projectId: input.projectId, amountFen: input.amountFen, builtById: input.builtById });
    return { expenseId: expense.id, batchId: batch.id };
  });
}

const EXPENSE_RECORD = {
  patrolLog: { select: { occurredOn: true, route: true } },
  evidence: { select: { occurredOn: true, kind: true, stand: true, plot: { select: { code: true } } } },
} satisfies Prisma.ExpenseInclude;

export const EXPENSES_PER_PAGE = 30;

/**
 * A project's year: each budget line against what was paid from it (and what is on its way), and a
 * page of its expenses, newest first. Public (`paidOnly`): only paid expenses, without the names of
 * people paid (a cooperative's name is shown; a person's is not).
 */
export async function fundReport(projectId: string, year: number, { paidOnly, page = 1 }: { paidOnly: boolean; page?: number }) {
  const where: Prisma.ExpenseWhereInput = { projectId, budgetLine: { year }, ...(paidOnly ? { payout: { status: "PAID" } } : {}) };
  const [lines, sums, expenses, total, balance] = await Promise.all([
    reader().budgetLine.findMany({ where: { projectId, year } }),
    reader().$queryRaw<{ category: BudgetCategory; paid: bigint; underway: bigint }[]>`
      SELECT l.category,
        COALESCE(sum(e."amountFen") FILTER (WHERE p.status = 'PAID'), 0)::bigint AS paid,
        COALESCE(sum(e."amountFen") FILTER (WHERE p.status IN ('PENDING', 'PROCESSING', 'AWAITING_CONFIRMATION')), 0)::bigint AS underway
      FROM "Expense" e JOIN "BudgetLine" l ON l.id = e."budgetLineId" JOIN "Payout" p ON p."expenseId" = e.id
      WHERE e."projectId" = ${projectId} AND l.year = ${year}
      GROUP BY 1`,
    reader().expense.findMany({
      where,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      skip: (page - 1) * EXPENSES_PER_PAGE,
      take: EXPENSES_PER_PAGE,
      include: { budgetLine: { select: { category: true } }, cooperative: { select: { nameZh: true, nameEn: true } }, payout: { select: { status: true, paidAt: true, batchId: true } }, ...EXPENSE_RECORD },
    }),
    reader().expense.count({ where }),
    fundBalance(reader(), projectId),
  ]);
  return {
    balanceFen: balance,
    lines: BUDGET_CATEGORIES.map((category) => {
      const sum = sums.find((row) => row.category === category);
      return { category, budgetFen: lines.find((l) => l.category === category)?.amountFen ?? null, paidFen: BigInt(sum?.paid ?? 0), underwayFen: BigInt(sum?.underway ?? 0) };
    }),
    total,
    pages: Math.max(1, Math.ceil(total / EXPENSES_PER_PAGE)),
    expenses: expenses.map((e) => ({
      id: e.id,
      category: e.budgetLine.category,
      description: e.description,
      amountFen: e.amountFen,
      payee: e.cooperative ? { zh: e.cooperative.nameZh, en: e.cooperative.nameEn } : paidOnly ? null : { zh: e.payeeName, en: e.payeeName },
      status: e.payout?.status ?? "CANCELLED",
      paidAt: e.payout?.paidAt ?? null,
      batchId: e.payout?.batchId ?? null,
      record: e.patrolLog
        ? { kind: "patrol" as const, on: dayText(e.patrolLog.occurredOn), what: e.patrolLog.route, where: "" }
        : { kind: "evidence" as const, on: dayText(e.evidence!.occurredOn), what: e.evidence!.kind, where: e.evidence!.plot?.code ?? (e.evidence!.stand !== null ? String(e.evidence!.stand) : "") },
    })),
  };
}

export type FundReport = Awaited<ReturnType<typeof fundReport>>;

/** The years a project has a budget for, newest first (the current year always among them). */
export async function budgetYears(projectId: string, now = new Date()) {
  const rows = await reader().budgetLine.findMany({ where: { projectId }, distinct: ["year"], select: { year: true } });
  return [...new Set([chinaYear(now), ...rows.map((r) => r.year)])].sort((a, b) => b - a);
}

/** The project's recent patrols and evidence records, for an expense to name the one it pays for. */
export async function recentRecords(projectId: string, take = 50) {
  const [patrols, evidence] = await Promise.all([
    db().patrolLog.findMany({ where: { projectId }, orderBy: { occurredOn: "desc" }, take, select: { id: true, occurredOn: true, route: true } }),
    db().plotEvidence.findMany({ where: { projectId }, orderBy: { occurredOn: "desc" }, take, select: { id: true, occurredOn: true, kind: true, stand: true, plot: { select: { code: true } } } }),
  ]);
  return {
    patrols: patrols.map((p) => ({ id: p.id, on: dayText(p.occurredOn), route: p.route })),
    evidence: evidence.map((e) => ({ id: e.id, on: dayText(e.occurredOn), kind: e.kind, where: e.plot?.code ?? (e.stand !== null ? String(e.stand) : "") })),
  };
}
