-- Balls from implausible reports wait for an operator before they are energy.
ALTER TYPE "BallStatus" ADD VALUE 'HELD';
ALTER TYPE "BallStatus" ADD VALUE 'REJECTED';
ALTER TABLE "EnergyBall" ADD COLUMN "heldReason" TEXT;
