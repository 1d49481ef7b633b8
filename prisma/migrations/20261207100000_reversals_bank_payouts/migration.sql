-- Transfer reversals owed to the payee again, and Stripe's payouts to the bank (issue #19).

-- AlterEnum
ALTER TYPE "MoneyAccountKind" ADD VALUE 'BANK';

-- AlterTable
ALTER TABLE "Payout" ADD COLUMN     "reversedFen" BIGINT NOT NULL DEFAULT 0;
