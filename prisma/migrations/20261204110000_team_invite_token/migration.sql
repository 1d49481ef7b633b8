-- A team is seen and joined only by its members and people holding its invite link.
ALTER TABLE "Team" ADD COLUMN "inviteToken" TEXT;
-- Teams made before: a token from PostgreSQL's own random UUIDs (their links change; none were shared with one).
UPDATE "Team" SET "inviteToken" = upper(substr(replace(gen_random_uuid()::text, '-', ''), 1, 16)) WHERE "inviteToken" IS NULL;
ALTER TABLE "Team" ALTER COLUMN "inviteToken" SET NOT NULL;
CREATE UNIQUE INDEX "Team_inviteToken_key" ON "Team"("inviteToken");
