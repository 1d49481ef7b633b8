-- CreateEnum
CREATE TYPE "PayoutBatchStatus" AS ENUM ('DRAFT', 'APPROVED', 'EXECUTING', 'AWAITING_CONFIRMATION', 'COMPLETED', 'CANCELLED');

-- CreateEnum
CREATE TYPE "PayoutStatus" AS ENUM ('PENDING', 'PROCESSING', 'AWAITING_CONFIRMATION', 'PAID', 'FAILED', 'CANCELLED');

-- CreateEnum
CREATE TYPE "ReconciliationStatus" AS ENUM ('RUNNING', 'DONE', 'FAILED');

-- CreateEnum
CREATE TYPE "ReconciliationItemStatus" AS ENUM ('MATCHED', 'MISSING_IN_LEDGER', 'MISSING_AT_STRIPE', 'AMOUNT_MISMATCH');

-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "MoneyAccountKind" ADD VALUE 'PAYOUTS_IN_TRANSIT';
ALTER TYPE "MoneyAccountKind" ADD VALUE 'DISBURSEMENT_CLEARING';

-- AlterTable
ALTER TABLE "MoneyEntry" ADD COLUMN     "orderLineId" TEXT;

-- CreateTable
CREATE TABLE "PayoutBatch" (
    "id" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "periodStart" TIMESTAMP(3) NOT NULL,
    "periodEnd" TIMESTAMP(3) NOT NULL,
    "minimumFen" BIGINT NOT NULL,
    "status" "PayoutBatchStatus" NOT NULL DEFAULT 'DRAFT',
    "builtById" TEXT NOT NULL,
    "approvedById" TEXT,
    "approvedAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PayoutBatch_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Payout" (
    "id" TEXT NOT NULL,
    "batchId" TEXT NOT NULL,
    "householdId" TEXT NOT NULL,
    "amountFen" BIGINT NOT NULL,
    "method" "PayoutMethod" NOT NULL,
    "destination" TEXT,
    "status" "PayoutStatus" NOT NULL DEFAULT 'PENDING',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,
    "transferId" TEXT,
    "reference" TEXT,
    "paidAt" TIMESTAMP(3),
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Payout_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SandboxBalanceTransaction" (
    "id" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "amountFen" BIGINT NOT NULL,
    "feeFen" BIGINT NOT NULL DEFAULT 0,
    "paymentIntentId" TEXT,
    "transferId" TEXT,
    "transferGroup" TEXT,
    "destination" TEXT,
    "metadata" JSONB,
    "created" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SandboxBalanceTransaction_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ReconciliationRun" (
    "id" TEXT NOT NULL,
    "periodStart" TIMESTAMP(3) NOT NULL,
    "periodEnd" TIMESTAMP(3) NOT NULL,
    "trigger" TEXT NOT NULL,
    "status" "ReconciliationStatus" NOT NULL DEFAULT 'RUNNING',
    "error" TEXT,
    "matched" INTEGER NOT NULL DEFAULT 0,
    "differences" INTEGER NOT NULL DEFAULT 0,
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),
    "projectId" TEXT,

    CONSTRAINT "ReconciliationRun_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ReconciliationItem" (
    "id" BIGSERIAL NOT NULL,
    "runId" TEXT NOT NULL,
    "status" "ReconciliationItemStatus" NOT NULL,
    "kind" TEXT NOT NULL,
    "stripeId" TEXT,
    "ledgerKey" TEXT,
    "stripeAmountFen" BIGINT,
    "ledgerAmountFen" BIGINT,
    "occurredAt" TIMESTAMP(3),

    CONSTRAINT "ReconciliationItem_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "PayoutBatch_projectId_createdAt_idx" ON "PayoutBatch"("projectId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "Payout_transferId_key" ON "Payout"("transferId");

-- CreateIndex
CREATE INDEX "Payout_householdId_idx" ON "Payout"("householdId");

-- CreateIndex
CREATE INDEX "Payout_batchId_status_idx" ON "Payout"("batchId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "Payout_batchId_householdId_key" ON "Payout"("batchId", "householdId");

-- CreateIndex
CREATE UNIQUE INDEX "SandboxBalanceTransaction_transferId_key" ON "SandboxBalanceTransaction"("transferId");

-- CreateIndex
CREATE INDEX "SandboxBalanceTransaction_created_idx" ON "SandboxBalanceTransaction"("created");

-- CreateIndex
CREATE INDEX "SandboxBalanceTransaction_transferGroup_idx" ON "SandboxBalanceTransaction"("transferGroup");

-- CreateIndex
CREATE INDEX "ReconciliationRun_startedAt_idx" ON "ReconciliationRun"("startedAt");

-- CreateIndex
CREATE INDEX "ReconciliationItem_runId_status_idx" ON "ReconciliationItem"("runId", "status");

-- AddForeignKey
ALTER TABLE "PayoutBatch" ADD CONSTRAINT "PayoutBatch_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PayoutBatch" ADD CONSTRAINT "PayoutBatch_builtById_fkey" FOREIGN KEY ("builtById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PayoutBatch" ADD CONSTRAINT "PayoutBatch_approvedById_fkey" FOREIGN KEY ("approvedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Payout" ADD CONSTRAINT "Payout_batchId_fkey" FOREIGN KEY ("batchId") REFERENCES "PayoutBatch"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Payout" ADD CONSTRAINT "Payout_householdId_fkey" FOREIGN KEY ("householdId") REFERENCES "Household"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReconciliationRun" ADD CONSTRAINT "ReconciliationRun_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReconciliationItem" ADD CONSTRAINT "ReconciliationItem_runId_fkey" FOREIGN KEY ("runId") REFERENCES "ReconciliationRun"("id") ON DELETE CASCADE ON UPDATE CASCADE;

