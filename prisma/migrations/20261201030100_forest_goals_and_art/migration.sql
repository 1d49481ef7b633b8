-- The tree a user saves for, and the illustration each forest project is drawn with.
ALTER TABLE "User" ADD COLUMN "goalProjectId" TEXT;
ALTER TABLE "User" ADD CONSTRAINT "User_goalProjectId_fkey" FOREIGN KEY ("goalProjectId") REFERENCES "Project"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "Project" ADD COLUMN "art" TEXT;
UPDATE "Project" SET "art" = CASE
  WHEN kind <> 'FOREST' THEN NULL
  WHEN species ILIKE '%saxaul%' OR species LIKE '%梭梭%' THEN 'saxaul'
  WHEN species ILIKE '%tamarisk%' OR species LIKE '%柽柳%' OR species LIKE '%红柳%' THEN 'tamarisk'
  WHEN species ILIKE '%pine%' OR species LIKE '%樟子松%' THEN 'mongolian-pine'
  ELSE 'sea-buckthorn' END;

-- Feed rows of redemptions and gifts say how many trees or m² (their detail is the project).
ALTER TABLE "Activity" ADD COLUMN "units" INTEGER;
