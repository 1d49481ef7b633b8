-- Settlement serves strictly in arrival order: the redemption that meets the end of capacity gets
-- the units that are left and the rest of its energy back, and this column says how many it got.
ALTER TABLE "Redemption" ADD COLUMN "grantedUnits" INTEGER;
UPDATE "Redemption" SET "grantedUnits" = CASE WHEN status = 'SETTLED' THEN quantity ELSE 0 END WHERE status <> 'PENDING';
