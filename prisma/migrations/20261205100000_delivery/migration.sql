-- AlterTable
ALTER TABLE "Order" ADD COLUMN     "shipTo" JSONB;

-- AlterTable
ALTER TABLE "OrderLine" ADD COLUMN     "carrier" TEXT,
ADD COLUMN     "shippedAt" TIMESTAMP(3),
ADD COLUMN     "trackingNumber" TEXT;

-- AlterTable
ALTER TABLE "SandboxCheckoutSession" ADD COLUMN     "shipping" JSONB;

