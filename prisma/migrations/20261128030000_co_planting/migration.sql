-- CreateEnum
CREATE TYPE "TeamStatus" AS ENUM ('OPEN', 'REDEEMED', 'DISBANDED');

-- AlterEnum
ALTER TYPE "EnergyEntryKind" ADD VALUE 'POOL';

-- AlterTable
ALTER TABLE "Redemption" ADD COLUMN     "teamId" TEXT;

-- CreateTable
CREATE TABLE "Team" (
    "id" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "creatorId" TEXT NOT NULL,
    "status" "TeamStatus" NOT NULL DEFAULT 'OPEN',
    "targetGrams" INTEGER NOT NULL,
    "pooledGrams" INTEGER NOT NULL DEFAULT 0,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Team_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TeamMember" (
    "teamId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "pooledGrams" INTEGER NOT NULL DEFAULT 0,
    "joinedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "TeamMember_pkey" PRIMARY KEY ("teamId","userId")
);

-- CreateTable
CREATE TABLE "TeamDay" (
    "teamId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "grams" INTEGER NOT NULL,

    CONSTRAINT "TeamDay_pkey" PRIMARY KEY ("teamId","userId","day")
);

-- CreateIndex
CREATE INDEX "Team_status_expiresAt_idx" ON "Team"("status", "expiresAt");

-- CreateIndex
CREATE INDEX "TeamMember_userId_idx" ON "TeamMember"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "Redemption_teamId_key" ON "Redemption"("teamId");

-- AddForeignKey
ALTER TABLE "Redemption" ADD CONSTRAINT "Redemption_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Team" ADD CONSTRAINT "Team_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TeamMember" ADD CONSTRAINT "TeamMember_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team"("id") ON DELETE CASCADE ON UPDATE CASCADE;

