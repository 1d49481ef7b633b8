-- AlterTable
ALTER TABLE "Redemption" ADD COLUMN     "recipientId" TEXT,
ADD COLUMN     "seq" BIGSERIAL NOT NULL;

-- CreateIndex
CREATE INDEX "Redemption_projectId_status_seq_idx" ON "Redemption"("projectId", "status", "seq");

-- AddForeignKey
ALTER TABLE "Redemption" ADD CONSTRAINT "Redemption_recipientId_fkey" FOREIGN KEY ("recipientId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

