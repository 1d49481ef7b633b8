-- AlterTable
ALTER TABLE "Redemption" ADD COLUMN     "recipientId" TEXT;

-- CreateIndex
CREATE INDEX "Redemption_projectId_status_createdAt_idx" ON "Redemption"("projectId", "status", "createdAt");

-- AddForeignKey
ALTER TABLE "Redemption" ADD CONSTRAINT "Redemption_recipientId_fkey" FOREIGN KEY ("recipientId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

