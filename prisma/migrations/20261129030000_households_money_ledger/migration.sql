-- CreateEnum
CREATE TYPE "HouseholdStatus" AS ENUM ('ACTIVE', 'SUSPENDED', 'EXITED');

-- CreateEnum
CREATE TYPE "PayoutMethod" AS ENUM ('STRIPE_CONNECT', 'DISBURSEMENT_LIST');

-- CreateEnum
CREATE TYPE "MoneyAccountKind" AS ENUM ('STRIPE_CLEARING', 'PLATFORM_REVENUE', 'ECOLOGY_FUND', 'HOUSEHOLD_PAYABLE', 'HOUSEHOLD_POOL_UNALLOCATED', 'COOPERATIVE_PAYABLE', 'FEES');

-- CreateTable
CREATE TABLE "Household" (
    "id" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "registrationCode" TEXT NOT NULL,
    "headName" TEXT NOT NULL,
    "village" TEXT NOT NULL,
    "county" TEXT NOT NULL,
    "cooperativeId" TEXT,
    "members" INTEGER NOT NULL,
    "weight" INTEGER NOT NULL,
    "payoutMethod" "PayoutMethod" NOT NULL,
    "status" "HouseholdStatus" NOT NULL DEFAULT 'ACTIVE',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Household_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MoneyAccount" (
    "id" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "kind" "MoneyAccountKind" NOT NULL,
    "projectId" TEXT,
    "householdId" TEXT,
    "cooperativeId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "MoneyAccount_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MoneyTransaction" (
    "id" TEXT NOT NULL,
    "businessKey" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "orderId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "MoneyTransaction_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MoneyEntry" (
    "id" BIGSERIAL NOT NULL,
    "transactionId" TEXT NOT NULL,
    "accountId" TEXT NOT NULL,
    "amountFen" BIGINT NOT NULL,

    CONSTRAINT "MoneyEntry_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Household_registrationCode_key" ON "Household"("registrationCode");

-- CreateIndex
CREATE INDEX "Household_projectId_status_idx" ON "Household"("projectId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "MoneyAccount_key_key" ON "MoneyAccount"("key");

-- CreateIndex
CREATE UNIQUE INDEX "MoneyTransaction_businessKey_key" ON "MoneyTransaction"("businessKey");

-- CreateIndex
CREATE INDEX "MoneyTransaction_orderId_idx" ON "MoneyTransaction"("orderId");

-- CreateIndex
CREATE INDEX "MoneyEntry_accountId_idx" ON "MoneyEntry"("accountId");

-- CreateIndex
CREATE INDEX "MoneyEntry_transactionId_idx" ON "MoneyEntry"("transactionId");

-- AddForeignKey
ALTER TABLE "Household" ADD CONSTRAINT "Household_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Household" ADD CONSTRAINT "Household_cooperativeId_fkey" FOREIGN KEY ("cooperativeId") REFERENCES "Cooperative"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MoneyEntry" ADD CONSTRAINT "MoneyEntry_transactionId_fkey" FOREIGN KEY ("transactionId") REFERENCES "MoneyTransaction"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MoneyEntry" ADD CONSTRAINT "MoneyEntry_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "MoneyAccount"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

