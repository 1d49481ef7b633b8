-- AlterTable
ALTER TABLE "Project" ADD COLUMN     "boundary" JSONB,
ADD COLUMN     "layoutUnits" INTEGER NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "ProjectSection" (
    "projectId" TEXT NOT NULL,
    "index" INTEGER NOT NULL,
    "firstUnit" INTEGER NOT NULL,
    "unitCount" INTEGER NOT NULL,
    "grid" JSONB NOT NULL,
    "blockUnits" INTEGER[],

    CONSTRAINT "ProjectSection_pkey" PRIMARY KEY ("projectId","index")
);

-- AddForeignKey
ALTER TABLE "ProjectSection" ADD CONSTRAINT "ProjectSection_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;


