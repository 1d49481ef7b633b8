-- AlterTable
ALTER TABLE "PlotEvidence" ADD COLUMN     "crewSize" INTEGER;

-- CreateTable
CREATE TABLE "PublicLogEntry" (
    "seq" INTEGER NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "day" DATE NOT NULL,
    "kind" TEXT NOT NULL,
    "ref" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "prevHash" TEXT NOT NULL,
    "hash" TEXT NOT NULL,

    CONSTRAINT "PublicLogEntry_pkey" PRIMARY KEY ("seq")
);

-- CreateTable
CREATE TABLE "PublicLogRoot" (
    "day" DATE NOT NULL,
    "firstSeq" INTEGER NOT NULL,
    "lastSeq" INTEGER NOT NULL,
    "root" TEXT NOT NULL,
    "sealedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PublicLogRoot_pkey" PRIMARY KEY ("day")
);

-- CreateIndex
CREATE UNIQUE INDEX "PublicLogEntry_hash_key" ON "PublicLogEntry"("hash");

-- CreateIndex
CREATE INDEX "PublicLogEntry_day_seq_idx" ON "PublicLogEntry"("day", "seq");

-- CreateIndex
CREATE UNIQUE INDEX "PublicLogEntry_kind_ref_key" ON "PublicLogEntry"("kind", "ref");


-- The public log and its roots are append-only: a row once written is never changed or removed.
CREATE FUNCTION public_log_append_only() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'public log rows are never changed or removed';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER public_log_entry_no_update_or_delete BEFORE UPDATE OR DELETE ON "PublicLogEntry" FOR EACH ROW EXECUTE FUNCTION public_log_append_only();
CREATE TRIGGER public_log_entry_no_truncate BEFORE TRUNCATE ON "PublicLogEntry" FOR EACH STATEMENT EXECUTE FUNCTION public_log_append_only();
CREATE TRIGGER public_log_root_no_update_or_delete BEFORE UPDATE OR DELETE ON "PublicLogRoot" FOR EACH ROW EXECUTE FUNCTION public_log_append_only();
CREATE TRIGGER public_log_root_no_truncate BEFORE TRUNCATE ON "PublicLogRoot" FOR EACH STATEMENT EXECUTE FUNCTION public_log_append_only();
