-- One payout flow for every payee (docs/decisions/027-one-payout-flow.md): a batch pays
-- households, cooperatives (their unit-cost payable) or one ecology-fund expense; each payout names
-- the ledger account it is reserved from.

-- CreateEnum
CREATE TYPE "BudgetCategory" AS ENUM ('PATROL_WAGES', 'SEEDLINGS', 'PLANTING_LABOUR', 'MAINTENANCE');

-- CreateEnum
CREATE TYPE "PayoutBatchKind" AS ENUM ('HOUSEHOLDS', 'COOPERATIVES', 'ECOLOGY');

-- AlterTable
ALTER TABLE "Payout" ADD COLUMN     "cooperativeId" TEXT,
ADD COLUMN     "expenseId" TEXT,
ADD COLUMN     "payableKey" TEXT,
ALTER COLUMN "householdId" DROP NOT NULL;

-- AlterTable
ALTER TABLE "PayoutBatch" ADD COLUMN     "kind" "PayoutBatchKind" NOT NULL DEFAULT 'HOUSEHOLDS';

-- CreateTable
CREATE TABLE "BudgetLine" (
    "id" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "year" INTEGER NOT NULL,
    "category" "BudgetCategory" NOT NULL,
    "amountFen" BIGINT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "BudgetLine_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Expense" (
    "id" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "budgetLineId" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "cooperativeId" TEXT,
    "payeeName" TEXT NOT NULL,
    "amountFen" BIGINT NOT NULL,
    "patrolLogId" TEXT,
    "evidenceId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Expense_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "BudgetLine_projectId_year_category_key" ON "BudgetLine"("projectId", "year", "category");

-- CreateIndex
CREATE INDEX "Expense_projectId_createdAt_idx" ON "Expense"("projectId", "createdAt");

-- CreateIndex
CREATE INDEX "Expense_budgetLineId_idx" ON "Expense"("budgetLineId");

-- CreateIndex
CREATE UNIQUE INDEX "Payout_expenseId_key" ON "Payout"("expenseId");

-- CreateIndex
CREATE INDEX "Payout_cooperativeId_idx" ON "Payout"("cooperativeId");

-- CreateIndex
CREATE UNIQUE INDEX "Payout_batchId_cooperativeId_key" ON "Payout"("batchId", "cooperativeId");

-- AddForeignKey
ALTER TABLE "BudgetLine" ADD CONSTRAINT "BudgetLine_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Expense" ADD CONSTRAINT "Expense_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Expense" ADD CONSTRAINT "Expense_budgetLineId_fkey" FOREIGN KEY ("budgetLineId") REFERENCES "BudgetLine"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Expense" ADD CONSTRAINT "Expense_cooperativeId_fkey" FOREIGN KEY ("cooperativeId") REFERENCES "Cooperative"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Expense" ADD CONSTRAINT "Expense_patrolLogId_fkey" FOREIGN KEY ("patrolLogId") REFERENCES "PatrolLog"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Expense" ADD CONSTRAINT "Expense_evidenceId_fkey" FOREIGN KEY ("evidenceId") REFERENCES "PlotEvidence"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Payout" ADD CONSTRAINT "Payout_cooperativeId_fkey" FOREIGN KEY ("cooperativeId") REFERENCES "Cooperative"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Payout" ADD CONSTRAINT "Payout_expenseId_fkey" FOREIGN KEY ("expenseId") REFERENCES "Expense"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Every payout so far paid a household.
UPDATE "Payout" SET "payableKey" = 'household:' || "householdId";
ALTER TABLE "Payout" ALTER COLUMN "payableKey" SET NOT NULL;

-- Exactly one payee; an expense pays for exactly one record.
ALTER TABLE "Payout" ADD CONSTRAINT "Payout_one_payee" CHECK (num_nonnulls("householdId", "cooperativeId", "expenseId") = 1);
ALTER TABLE "Expense" ADD CONSTRAINT "Expense_one_record" CHECK (num_nonnulls("patrolLogId", "evidenceId") = 1);
ALTER TABLE "Expense" ADD CONSTRAINT "Expense_amount_positive" CHECK ("amountFen" > 0);
ALTER TABLE "BudgetLine" ADD CONSTRAINT "BudgetLine_amount_not_negative" CHECK ("amountFen" >= 0);
