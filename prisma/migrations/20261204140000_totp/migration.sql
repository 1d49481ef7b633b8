-- Two-step verification for operators' money and energy decisions.
ALTER TABLE "User" ADD COLUMN "totpSecret" TEXT;
ALTER TABLE "User" ADD COLUMN "totpPendingSecret" TEXT;
ALTER TABLE "User" ADD COLUMN "totpEnabledAt" TIMESTAMP(3);
ALTER TABLE "User" ADD COLUMN "totpLastStep" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "Session" ADD COLUMN "stepUpUntil" TIMESTAMP(3);
