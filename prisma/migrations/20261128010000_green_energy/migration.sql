-- CreateEnum
CREATE TYPE "FriendRequestStatus" AS ENUM ('PENDING', 'ACCEPTED', 'DECLINED');

-- CreateEnum
CREATE TYPE "ActivityKind" AS ENUM ('STOLEN', 'BLOCKED', 'WATERED', 'FRIEND_ADDED', 'ITEM_EARNED');

-- CreateEnum
CREATE TYPE "PartnerActionStatus" AS ENUM ('ACCEPTED', 'CAPPED', 'REJECTED');

-- AlterEnum
ALTER TYPE "EnergyAccount" ADD VALUE 'BALL';

-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "EnergyEntryKind" ADD VALUE 'EARN';
ALTER TYPE "EnergyEntryKind" ADD VALUE 'STEAL';
ALTER TYPE "EnergyEntryKind" ADD VALUE 'WATER';
ALTER TYPE "EnergyEntryKind" ADD VALUE 'EXPIRE';

-- AlterTable
ALTER TABLE "EnergyBall" ADD COLUMN     "stolenGrams" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "thiefCount" INTEGER NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "EnergyEntry" ADD COLUMN     "counterpartId" TEXT,
ADD COLUMN     "reason" TEXT;

-- AlterTable
ALTER TABLE "User" ADD COLUMN     "coverItems" INTEGER NOT NULL DEFAULT 1,
ADD COLUMN     "coverUntil" TIMESTAMP(3),
ADD COLUMN     "doubleCards" INTEGER NOT NULL DEFAULT 1,
ADD COLUMN     "doubleUntil" TIMESTAMP(3),
ADD COLUMN     "inviteCode" TEXT,
ADD COLUMN     "lastCollectOn" TEXT,
ADD COLUMN     "streakDays" INTEGER NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "Steal" (
    "id" TEXT NOT NULL,
    "ballId" TEXT NOT NULL,
    "thiefId" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "grams" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Steal_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "FriendRequest" (
    "id" TEXT NOT NULL,
    "fromId" TEXT NOT NULL,
    "toId" TEXT NOT NULL,
    "status" "FriendRequestStatus" NOT NULL DEFAULT 'PENDING',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "respondedAt" TIMESTAMP(3),

    CONSTRAINT "FriendRequest_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Friendship" (
    "userId" TEXT NOT NULL,
    "friendId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Friendship_pkey" PRIMARY KEY ("userId","friendId")
);

-- CreateTable
CREATE TABLE "Watering" (
    "id" TEXT NOT NULL,
    "giverId" TEXT NOT NULL,
    "receiverId" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "grams" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Watering_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Activity" (
    "id" BIGSERIAL NOT NULL,
    "userId" TEXT NOT NULL,
    "actorId" TEXT,
    "kind" "ActivityKind" NOT NULL,
    "grams" INTEGER,
    "detail" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Activity_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ActionRule" (
    "type" TEXT NOT NULL,
    "grams" INTEGER NOT NULL,
    "dailyCap" INTEGER,
    "monthlyCap" INTEGER,
    "minAmountFen" INTEGER,
    "stepsForMax" INTEGER,
    "oncePerAccountMonth" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "ActionRule_pkey" PRIMARY KEY ("type")
);

-- CreateTable
CREATE TABLE "ActionCounter" (
    "userId" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "period" TEXT NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "ActionCounter_pkey" PRIMARY KEY ("userId","type","period")
);

-- CreateTable
CREATE TABLE "Partner" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "secret" TEXT NOT NULL,
    "previousSecret" TEXT,
    "previousSecretUntil" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Partner_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PartnerAction" (
    "id" TEXT NOT NULL,
    "partnerId" TEXT NOT NULL,
    "externalId" TEXT NOT NULL,
    "userId" TEXT,
    "actionType" TEXT NOT NULL,
    "status" "PartnerActionStatus" NOT NULL,
    "reason" TEXT,
    "grams" INTEGER NOT NULL DEFAULT 0,
    "ballId" TEXT,
    "responseCode" INTEGER NOT NULL,
    "response" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PartnerAction_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Steal_ballId_thiefId_seq_key" ON "Steal"("ballId", "thiefId", "seq");

-- CreateIndex
CREATE INDEX "FriendRequest_toId_status_idx" ON "FriendRequest"("toId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "FriendRequest_fromId_toId_key" ON "FriendRequest"("fromId", "toId");

-- CreateIndex
CREATE UNIQUE INDEX "Watering_giverId_receiverId_day_seq_key" ON "Watering"("giverId", "receiverId", "day", "seq");

-- CreateIndex
CREATE INDEX "Activity_userId_id_idx" ON "Activity"("userId", "id");

-- CreateIndex
CREATE INDEX "PartnerAction_partnerId_createdAt_idx" ON "PartnerAction"("partnerId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "PartnerAction_partnerId_externalId_key" ON "PartnerAction"("partnerId", "externalId");

-- CreateIndex
CREATE INDEX "EnergyBall_status_expiresAt_idx" ON "EnergyBall"("status", "expiresAt");

-- CreateIndex
CREATE INDEX "EnergyEntry_ballId_idx" ON "EnergyEntry"("ballId");

-- Existing users get an invite code too.
UPDATE "User" SET "inviteCode" = 'c' || substr(md5(random()::text || id), 1, 24) WHERE "inviteCode" IS NULL;
ALTER TABLE "User" ALTER COLUMN "inviteCode" SET NOT NULL;

-- CreateIndex
CREATE UNIQUE INDEX "User_inviteCode_key" ON "User"("inviteCode");

-- AddForeignKey
ALTER TABLE "Steal" ADD CONSTRAINT "Steal_ballId_fkey" FOREIGN KEY ("ballId") REFERENCES "EnergyBall"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Steal" ADD CONSTRAINT "Steal_thiefId_fkey" FOREIGN KEY ("thiefId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FriendRequest" ADD CONSTRAINT "FriendRequest_fromId_fkey" FOREIGN KEY ("fromId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FriendRequest" ADD CONSTRAINT "FriendRequest_toId_fkey" FOREIGN KEY ("toId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Friendship" ADD CONSTRAINT "Friendship_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Friendship" ADD CONSTRAINT "Friendship_friendId_fkey" FOREIGN KEY ("friendId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Activity" ADD CONSTRAINT "Activity_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PartnerAction" ADD CONSTRAINT "PartnerAction_partnerId_fkey" FOREIGN KEY ("partnerId") REFERENCES "Partner"("id") ON DELETE RESTRICT ON UPDATE CASCADE;


-- Earning rules from DESIGN.md (public Ant Forest rules). 60 steps a gram for walking is ours.
INSERT INTO "ActionRule" (type, grams, "dailyCap", "monthlyCap", "minAmountFen", "stepsForMax", "oncePerAccountMonth") VALUES
  ('walking',              296, 1,    NULL, NULL, 17760, false),
  ('offline_payment',        5, 10,   NULL, 100,  NULL,  false),
  ('utility_bill',         262, NULL, 10,   100,  NULL,  true),
  ('movie_ticket',         180, NULL, 10,   NULL, NULL,  false),
  ('train_ticket',         136, NULL, 10,   NULL, NULL,  false),
  ('hospital_appointment', 277, NULL, 5,    NULL, NULL,  false),
  ('metro_ride',            52, 5,    NULL, NULL, NULL,  false),
  ('bus_ride',              80, 5,    NULL, NULL, NULL,  false),
  ('e_invoice',              5, 5,    NULL, NULL, NULL,  false)
ON CONFLICT (type) DO NOTHING;
