-- CreateEnum
CREATE TYPE "GiftLinkStatus" AS ENUM ('OPEN', 'CLAIMED', 'CANCELLED', 'EXPIRED');

-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "EnergyEntryKind" ADD VALUE 'GIFT_HOLD';
ALTER TYPE "EnergyEntryKind" ADD VALUE 'GIFT_RELEASE';

-- CreateTable
CREATE TABLE "GiftLink" (
    "id" TEXT NOT NULL,
    "token" TEXT NOT NULL,
    "giverId" TEXT NOT NULL,
    "idempotencyKey" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "quantity" INTEGER NOT NULL,
    "costGrams" INTEGER NOT NULL,
    "message" TEXT,
    "status" "GiftLinkStatus" NOT NULL DEFAULT 'OPEN',
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "claimedById" TEXT,
    "redemptionId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "closedAt" TIMESTAMP(3),

    CONSTRAINT "GiftLink_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "GiftLink_token_key" ON "GiftLink"("token");

-- CreateIndex
CREATE UNIQUE INDEX "GiftLink_redemptionId_key" ON "GiftLink"("redemptionId");

-- CreateIndex
CREATE INDEX "GiftLink_status_expiresAt_idx" ON "GiftLink"("status", "expiresAt");

-- CreateIndex
CREATE INDEX "GiftLink_giverId_createdAt_idx" ON "GiftLink"("giverId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "GiftLink_giverId_idempotencyKey_key" ON "GiftLink"("giverId", "idempotencyKey");

-- AddForeignKey
ALTER TABLE "GiftLink" ADD CONSTRAINT "GiftLink_giverId_fkey" FOREIGN KEY ("giverId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "GiftLink" ADD CONSTRAINT "GiftLink_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "GiftLink" ADD CONSTRAINT "GiftLink_claimedById_fkey" FOREIGN KEY ("claimedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

