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

-- Exactly one payee; an expense pays something, for exactly one record; a budget is not negative.
-- Triggers rather than CHECK constraints: this Prisma's schema engine crashes (RuntimeError:
-- unreachable) diffing migrations that hold CHECK constraints, and `migrate diff` is how
-- migrations are written here.
CREATE FUNCTION sapling_payout_one_payee() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  IF num_nonnulls(NEW."householdId", NEW."cooperativeId", NEW."expenseId") <> 1 THEN
    RAISE EXCEPTION 'payout % must pay exactly one payee', NEW.id USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END
$fn$;
CREATE TRIGGER "Payout_one_payee" BEFORE INSERT OR UPDATE OF "householdId", "cooperativeId", "expenseId" ON "Payout"
  FOR EACH ROW EXECUTE FUNCTION sapling_payout_one_payee();

CREATE FUNCTION sapling_expense_valid() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  IF num_nonnulls(NEW."patrolLogId", NEW."evidenceId") <> 1 OR NEW."amountFen" <= 0 THEN
    RAISE EXCEPTION 'expense % must pay a positive amount for exactly one record', NEW.id USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END
$fn$;
CREATE TRIGGER "Expense_valid" BEFORE INSERT OR UPDATE ON "Expense" FOR EACH ROW EXECUTE FUNCTION sapling_expense_valid();

CREATE FUNCTION sapling_budget_line_valid() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  IF NEW."amountFen" < 0 THEN
    RAISE EXCEPTION 'budget line % cannot be negative', NEW.id USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END
$fn$;
CREATE TRIGGER "BudgetLine_valid" BEFORE INSERT OR UPDATE ON "BudgetLine" FOR EACH ROW EXECUTE FUNCTION sapling_budget_line_valid();
