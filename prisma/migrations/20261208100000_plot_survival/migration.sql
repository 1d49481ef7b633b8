-- Survival audits, replanting and their counters (issue #20, docs/decisions/029).

-- CreateEnum
CREATE TYPE "SurvivalOutcome" AS ENUM ('SURVIVING', 'LOST');

-- AlterEnum (the new values are used only by later transactions)
ALTER TYPE "EvidenceKind" ADD VALUE 'SURVIVAL';
ALTER TYPE "EvidenceKind" ADD VALUE 'REPLANTING';

-- AlterEnum
ALTER TYPE "PlotStatus" ADD VALUE 'REPLANT_DUE';

-- AlterTable
ALTER TABLE "Plot" ADD COLUMN     "overdueAt" TIMESTAMP(3),
ADD COLUMN     "plantedOn" DATE,
ADD COLUMN     "replantBy" DATE,
ADD COLUMN     "survivedThreeYears" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "PlotEvidence" ADD COLUMN     "surveyYear" INTEGER;

-- AlterTable
ALTER TABLE "ProjectTally" ADD COLUMN     "plotsSurvivingThreeYears" INTEGER NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "SurvivalCheck" (
    "id" TEXT NOT NULL,
    "plotId" TEXT NOT NULL,
    "evidenceId" TEXT NOT NULL,
    "plantedOn" DATE NOT NULL,
    "year" INTEGER NOT NULL,
    "outcome" "SurvivalOutcome" NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SurvivalCheck_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "SurvivalCheck_evidenceId_idx" ON "SurvivalCheck"("evidenceId");

-- CreateIndex
CREATE UNIQUE INDEX "SurvivalCheck_plotId_plantedOn_year_key" ON "SurvivalCheck"("plotId", "plantedOn", "year");

-- CreateIndex
CREATE INDEX "Plot_status_replantBy_idx" ON "Plot"("status", "replantBy");

-- AddForeignKey
ALTER TABLE "SurvivalCheck" ADD CONSTRAINT "SurvivalCheck_plotId_fkey" FOREIGN KEY ("plotId") REFERENCES "Plot"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SurvivalCheck" ADD CONSTRAINT "SurvivalCheck_evidenceId_fkey" FOREIGN KEY ("evidenceId") REFERENCES "PlotEvidence"("id") ON DELETE RESTRICT ON UPDATE CASCADE;


-- Plots planted before this migration: the day of their plot's own planting record, or the day the
-- plot was handed out (never earlier than the real planting, so audits are due no sooner).
UPDATE "Plot" p SET "plantedOn" = COALESCE(
  (SELECT min(e."occurredOn") FROM "PlotEvidence" e WHERE e."plotId" = p.id AND e.kind = 'PLANTING'),
  p."createdAt"::date)
WHERE p.status IN ('PLANTED', 'VERIFIED');

-- The tallies: a plot to be replanted has no tree standing, so it is not counted as planted; plots a
-- three-year audit found standing are counted (docs/decisions/029).
CREATE OR REPLACE FUNCTION sapling_tally_plots(changes JSONB) RETURNS void LANGUAGE plpgsql AS $fn$
BEGIN
  WITH c AS (
    SELECT x."projectId", x."holderId", x."unitCount", x.status, x.survived, x.s
    FROM jsonb_to_recordset(changes) AS x("projectId" TEXT, "holderId" TEXT, "unitCount" INT, status TEXT, survived BOOLEAN, s INT)
  ), t AS (
    SELECT "projectId", sum(s) AS plots, sum(s * "unitCount") AS units,
      sum(s * (status IN ('PLANTED', 'VERIFIED'))::int) AS planted, sum(s * (status = 'VERIFIED')::int) AS verified,
      sum(s * COALESCE(survived, false)::int) AS survived
    FROM c GROUP BY "projectId"
  )
  INSERT INTO "ProjectTally" AS p ("projectId", "plotsRedeemed", "unitsRedeemed", "plotsPlanted", "plotsVerified", "plotsSurvivingThreeYears")
  SELECT "projectId", plots, units, planted, verified, survived FROM t
  ON CONFLICT ("projectId") DO UPDATE SET
    "plotsRedeemed" = p."plotsRedeemed" + EXCLUDED."plotsRedeemed", "unitsRedeemed" = p."unitsRedeemed" + EXCLUDED."unitsRedeemed",
    "plotsPlanted" = p."plotsPlanted" + EXCLUDED."plotsPlanted", "plotsVerified" = p."plotsVerified" + EXCLUDED."plotsVerified",
    "plotsSurvivingThreeYears" = p."plotsSurvivingThreeYears" + EXCLUDED."plotsSurvivingThreeYears";

  WITH c AS (
    SELECT x."projectId", x."holderId", x."unitCount", x.s
    FROM jsonb_to_recordset(changes) AS x("projectId" TEXT, "holderId" TEXT, "unitCount" INT, s INT)
  ), d AS (
    SELECT "projectId", "holderId", sum(s) AS plots, sum(s * "unitCount") AS units FROM c GROUP BY 1, 2 HAVING sum(s) <> 0 OR sum(s * "unitCount") <> 0
  ), held AS (
    INSERT INTO "ProjectHolder" AS h ("projectId", "holderId", plots, units) SELECT * FROM d
    ON CONFLICT ("projectId", "holderId") DO UPDATE SET plots = h.plots + EXCLUDED.plots, units = h.units + EXCLUDED.units
    RETURNING h."projectId", h.plots, (xmax = 0) AS fresh
  ), moved AS (
    SELECT "projectId", count(*) FILTER (WHERE fresh AND plots > 0) - count(*) FILTER (WHERE NOT fresh AND plots = 0) AS guardians FROM held GROUP BY 1
  )
  UPDATE "ProjectTally" p SET guardians = p.guardians + m.guardians FROM moved m WHERE p."projectId" = m."projectId" AND m.guardians <> 0;
  DELETE FROM "ProjectHolder" h
  USING (SELECT DISTINCT x."projectId", x."holderId" FROM jsonb_to_recordset(changes) AS x("projectId" TEXT, "holderId" TEXT)) c
  WHERE h."projectId" = c."projectId" AND h."holderId" = c."holderId" AND h.plots = 0;
END
$fn$;

CREATE OR REPLACE FUNCTION sapling_plots_inserted() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  PERFORM sapling_tally_plots((SELECT COALESCE(jsonb_agg(jsonb_build_object('projectId', "projectId", 'holderId', "holderId", 'unitCount', "unitCount", 'status', status, 'survived', "survivedThreeYears", 's', 1)), '[]') FROM new_rows));
  RETURN NULL;
END
$fn$;
CREATE OR REPLACE FUNCTION sapling_plots_deleted() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  PERFORM sapling_tally_plots((SELECT COALESCE(jsonb_agg(jsonb_build_object('projectId', "projectId", 'holderId', "holderId", 'unitCount', "unitCount", 'status', status, 'survived', "survivedThreeYears", 's', -1)), '[]') FROM old_rows));
  RETURN NULL;
END
$fn$;
CREATE OR REPLACE FUNCTION sapling_plots_updated() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  PERFORM sapling_tally_plots((SELECT COALESCE(jsonb_agg(c), '[]') FROM (
    SELECT jsonb_build_object('projectId', "projectId", 'holderId', "holderId", 'unitCount', "unitCount", 'status', status, 'survived', "survivedThreeYears", 's', 1) AS c FROM new_rows
    UNION ALL SELECT jsonb_build_object('projectId', "projectId", 'holderId', "holderId", 'unitCount', "unitCount", 'status', status, 'survived', "survivedThreeYears", 's', -1) FROM old_rows) x));
  RETURN NULL;
END
$fn$;
