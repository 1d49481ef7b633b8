-- A layout is immutable per version: caches key on it
ALTER TABLE "Project" ADD COLUMN "layoutVersion" INTEGER NOT NULL DEFAULT 1;
