-- A county-sized area is cut into tiles, one section each (app/projects/layout.ts): a section names
-- its polygon, and the unit counts past one polygon reach billions (docs/decisions/028).
ALTER TABLE "Project" ALTER COLUMN "layoutUnits" SET DATA TYPE BIGINT;

-- Sections laid out before this were one per polygon, in order.
ALTER TABLE "ProjectSection" ADD COLUMN "polygon" INTEGER;
UPDATE "ProjectSection" SET "polygon" = "index";
ALTER TABLE "ProjectSection" ALTER COLUMN "polygon" SET NOT NULL,
ALTER COLUMN "firstUnit" SET DATA TYPE BIGINT;
