-- A ranger's offline queue sends each record with an id made on the device (issue #20): a record
-- sent twice (a retry, a tab closed mid-sync) is stored once. Rows recorded online have none.
ALTER TABLE "PlotEvidence" ADD COLUMN     "clientId" TEXT;

CREATE UNIQUE INDEX "PlotEvidence_recordedById_clientId_key" ON "PlotEvidence"("recordedById", "clientId");
