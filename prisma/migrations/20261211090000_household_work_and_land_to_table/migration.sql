-- CreateEnum
CREATE TYPE "WorkKind" AS ENUM ('PLANTING', 'CARE', 'PATROL', 'HARVEST');

-- CreateEnum
CREATE TYPE "HouseholdWeighting" AS ENUM ('REGISTERED', 'WORK');

-- AlterTable
ALTER TABLE "CartItem" ADD COLUMN     "plotId" TEXT;

-- AlterTable
ALTER TABLE "OrderLine" ADD COLUMN     "plotId" TEXT;

-- AlterTable
ALTER TABLE "Photo" ADD COLUMN     "batchId" TEXT;

-- AlterTable
ALTER TABLE "Project" ADD COLUMN     "householdWeighting" "HouseholdWeighting" NOT NULL DEFAULT 'REGISTERED';

-- CreateTable
CREATE TABLE "HouseholdWork" (
    "id" TEXT NOT NULL,
    "householdId" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "kind" "WorkKind" NOT NULL,
    "day" DATE NOT NULL,
    "evidenceId" TEXT,
    "patrolId" TEXT,
    "batchId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "HouseholdWork_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "HouseholdWork_projectId_day_idx" ON "HouseholdWork"("projectId", "day");

-- CreateIndex
CREATE INDEX "HouseholdWork_evidenceId_idx" ON "HouseholdWork"("evidenceId");

-- CreateIndex
CREATE INDEX "HouseholdWork_patrolId_idx" ON "HouseholdWork"("patrolId");

-- CreateIndex
CREATE INDEX "HouseholdWork_batchId_idx" ON "HouseholdWork"("batchId");

-- CreateIndex
CREATE UNIQUE INDEX "HouseholdWork_householdId_evidenceId_key" ON "HouseholdWork"("householdId", "evidenceId");

-- CreateIndex
CREATE UNIQUE INDEX "HouseholdWork_householdId_patrolId_key" ON "HouseholdWork"("householdId", "patrolId");

-- CreateIndex
CREATE UNIQUE INDEX "HouseholdWork_householdId_batchId_key" ON "HouseholdWork"("householdId", "batchId");

-- CreateIndex
CREATE INDEX "Photo_batchId_idx" ON "Photo"("batchId");

-- AddForeignKey
ALTER TABLE "CartItem" ADD CONSTRAINT "CartItem_plotId_fkey" FOREIGN KEY ("plotId") REFERENCES "Plot"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OrderLine" ADD CONSTRAINT "OrderLine_plotId_fkey" FOREIGN KEY ("plotId") REFERENCES "Plot"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Photo" ADD CONSTRAINT "Photo_batchId_fkey" FOREIGN KEY ("batchId") REFERENCES "ProductBatch"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "HouseholdWork" ADD CONSTRAINT "HouseholdWork_householdId_fkey" FOREIGN KEY ("householdId") REFERENCES "Household"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "HouseholdWork" ADD CONSTRAINT "HouseholdWork_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "HouseholdWork" ADD CONSTRAINT "HouseholdWork_evidenceId_fkey" FOREIGN KEY ("evidenceId") REFERENCES "PlotEvidence"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "HouseholdWork" ADD CONSTRAINT "HouseholdWork_patrolId_fkey" FOREIGN KEY ("patrolId") REFERENCES "PatrolLog"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "HouseholdWork" ADD CONSTRAINT "HouseholdWork_batchId_fkey" FOREIGN KEY ("batchId") REFERENCES "ProductBatch"("id") ON DELETE SET NULL ON UPDATE CASCADE;


-- Triggers rather than CHECK constraints (the schema engine crashes diffing CHECKs; see
-- 20261207090000_one_payout_flow). A day's work is part of exactly one record.
CREATE FUNCTION "household_work_one_record"() RETURNS trigger AS $$
BEGIN
  IF num_nonnulls(NEW."evidenceId", NEW."patrolId", NEW."batchId") <> 1 THEN
    RAISE EXCEPTION 'household work % must belong to exactly one record', NEW.id USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER "household_work_one_record" BEFORE INSERT OR UPDATE ON "HouseholdWork" FOR EACH ROW EXECUTE FUNCTION "household_work_one_record"();

-- A photo stands for one thing at most, now a product batch among them.
CREATE OR REPLACE FUNCTION "photo_one_owner"() RETURNS trigger AS $$
BEGIN
  IF num_nonnulls(NEW."evidenceId", NEW."patrolId", NEW."productId", NEW."visitId", NEW."batchId") > 1 THEN
    RAISE EXCEPTION 'photo % belongs to more than one record', NEW.id USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
