-- Guardian visits (issue #20): a guardian's own photo at their land; never evidence, never moves a plot.
-- CreateEnum
CREATE TYPE "VisitPosition" AS ENUM ('PHOTO', 'DEVICE');

-- AlterTable
ALTER TABLE "Photo" ADD COLUMN     "visitId" TEXT;

-- CreateTable
CREATE TABLE "GuardianVisit" (
    "id" TEXT NOT NULL,
    "clientId" TEXT NOT NULL,
    "plotId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "latitude" DOUBLE PRECISION NOT NULL,
    "longitude" DOUBLE PRECISION NOT NULL,
    "position" "VisitPosition" NOT NULL,
    "distanceM" INTEGER NOT NULL,
    "takenAt" TIMESTAMP(3),
    "note" TEXT NOT NULL DEFAULT '',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "GuardianVisit_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "GuardianVisit_plotId_createdAt_idx" ON "GuardianVisit"("plotId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "GuardianVisit_userId_clientId_key" ON "GuardianVisit"("userId", "clientId");

-- CreateIndex
CREATE INDEX "Photo_visitId_idx" ON "Photo"("visitId");

-- AddForeignKey
ALTER TABLE "GuardianVisit" ADD CONSTRAINT "GuardianVisit_plotId_fkey" FOREIGN KEY ("plotId") REFERENCES "Plot"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "GuardianVisit" ADD CONSTRAINT "GuardianVisit_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Photo" ADD CONSTRAINT "Photo_visitId_fkey" FOREIGN KEY ("visitId") REFERENCES "GuardianVisit"("id") ON DELETE SET NULL ON UPDATE CASCADE;


-- A photo stands for one thing at most: an evidence record, a patrol, a product or a visit.
CREATE FUNCTION "photo_one_owner"() RETURNS trigger AS $$
BEGIN
  IF num_nonnulls(NEW."evidenceId", NEW."patrolId", NEW."productId", NEW."visitId") > 1 THEN
    RAISE EXCEPTION 'photo % belongs to more than one record', NEW.id USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER "photo_one_owner" BEFORE INSERT OR UPDATE ON "Photo" FOR EACH ROW EXECUTE FUNCTION "photo_one_owner"();
