-- Payments that keep their promises under faults: refunds seen before their payment, late payments, alarms.
ALTER TABLE "Order" ADD COLUMN "latePayment" TEXT;

CREATE TABLE "PaymentRefund" (
    "paymentIntentId" TEXT NOT NULL,
    "amountRefundedFen" BIGINT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    CONSTRAINT "PaymentRefund_pkey" PRIMARY KEY ("paymentIntentId")
);

CREATE TABLE "Alarm" (
    "id" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "orderId" TEXT,
    "detail" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "resolvedAt" TIMESTAMP(3),
    "resolvedBy" TEXT,
    CONSTRAINT "Alarm_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "Alarm_key_key" ON "Alarm"("key");
CREATE INDEX "Alarm_resolvedAt_createdAt_idx" ON "Alarm"("resolvedAt", "createdAt");
