-- Receipt codes: whoever holds one sees a household's statement, so they come from the
-- cryptographic generator behind gen_random_uuid() (14 of a v4 uuid's bytes are random), not from
-- random(): 12 symbols of the 30-symbol alphabet of app/utils/short-code.ts, about 58 bits.
CREATE FUNCTION sapling_secret_code(n int) RETURNS text LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  alphabet constant text := '23456789ABCDEFGHJKMNPQRSTVWXYZ';
  code text := '';
  bytes bytea;
  -- The uuid's bytes that carry no version or variant bits.
  positions constant int[] := ARRAY[0, 1, 2, 3, 4, 5, 7, 9, 10, 11, 12, 13, 14, 15];
  i int := 0;
BEGIN
  WHILE length(code) < n LOOP
    IF i % 14 = 0 THEN bytes := uuid_send(gen_random_uuid()); END IF;
    code := code || substr(alphabet, 1 + get_byte(bytes, positions[1 + i % 14]) % 30, 1);
    i := i + 1;
  END LOOP;
  RETURN code;
END $$;

-- CreateEnum
CREATE TYPE "ReceiptAnswer" AS ENUM ('CONFIRMED', 'DISPUTED');

-- AlterTable
ALTER TABLE "Payout" ADD COLUMN "receiptAnsweredAt" TIMESTAMP(3),
ADD COLUMN "receiptAnswer" "ReceiptAnswer",
ADD COLUMN "receiptCode" TEXT,
ADD COLUMN "receiptNote" TEXT,
ADD COLUMN "receiptRecordedById" TEXT;

-- Payouts made before receipts get their codes now (a clash is vanishingly rare at 58 bits; the
-- unique index below would refuse it).
UPDATE "Payout" SET "receiptCode" = sapling_secret_code(12);
ALTER TABLE "Payout" ALTER COLUMN "receiptCode" SET NOT NULL, ALTER COLUMN "receiptCode" SET DEFAULT sapling_secret_code(12);

-- CreateIndex
CREATE UNIQUE INDEX "Payout_receiptCode_key" ON "Payout"("receiptCode");

-- CreateIndex
CREATE INDEX "Payout_status_receiptAnswer_paidAt_idx" ON "Payout"("status", "receiptAnswer", "paidAt");
