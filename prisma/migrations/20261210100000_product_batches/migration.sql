-- AlterTable
ALTER TABLE "OrderLine" ADD COLUMN     "batchId" TEXT;

-- CreateTable
CREATE TABLE "ProductBatch" (
    "id" TEXT NOT NULL,
    "traceCode" TEXT NOT NULL,
    "productId" TEXT NOT NULL,
    "stand" INTEGER,
    "section" INTEGER,
    "harvestFrom" DATE NOT NULL,
    "harvestTo" DATE NOT NULL,
    "quantity" INTEGER NOT NULL,
    "assigned" INTEGER NOT NULL DEFAULT 0,
    "createdById" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ProductBatch_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "ProductBatch_traceCode_key" ON "ProductBatch"("traceCode");

-- CreateIndex
CREATE INDEX "ProductBatch_productId_createdAt_idx" ON "ProductBatch"("productId", "createdAt");

-- CreateIndex
CREATE INDEX "OrderLine_batchId_idx" ON "OrderLine"("batchId");

-- AddForeignKey
ALTER TABLE "OrderLine" ADD CONSTRAINT "OrderLine_batchId_fkey" FOREIGN KEY ("batchId") REFERENCES "ProductBatch"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProductBatch" ADD CONSTRAINT "ProductBatch_productId_fkey" FOREIGN KEY ("productId") REFERENCES "Product"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProductBatch" ADD CONSTRAINT "ProductBatch_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;


-- A batch never ships more than it holds, and its window runs forwards.
CREATE FUNCTION product_batch_consistent() RETURNS trigger AS $$
BEGIN
  IF NEW.quantity < 1 OR NEW.assigned < 0 OR NEW.assigned > NEW.quantity THEN
    RAISE EXCEPTION 'product batch % would hold % of % units', NEW."traceCode", NEW.assigned, NEW.quantity;
  END IF;
  IF NEW."harvestTo" < NEW."harvestFrom" THEN
    RAISE EXCEPTION 'product batch % ends before it starts', NEW."traceCode";
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER product_batch_consistent BEFORE INSERT OR UPDATE ON "ProductBatch" FOR EACH ROW EXECUTE FUNCTION product_batch_consistent();
