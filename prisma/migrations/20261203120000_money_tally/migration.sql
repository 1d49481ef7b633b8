-- Public money figures kept by the transactions that post them (issue 16): /transparency read
-- every order's ledger entries on every view. A statement-level trigger on MoneyEntry keeps, per
-- project, sales net of refunds, what went to households and to the ecology fund.

CREATE TABLE "MoneyTally" (
    "projectId" TEXT NOT NULL,
    "figure" TEXT NOT NULL,
    "fen" BIGINT NOT NULL,
    CONSTRAINT "MoneyTally_pkey" PRIMARY KEY ("projectId", "figure"),
    CONSTRAINT "MoneyTally_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- The figures a set of entries moves: revenue (Stripe clearing, by the product's project), households and ecology (by the account's project)
CREATE FUNCTION sapling_money_figures(changes JSONB) RETURNS TABLE ("projectId" TEXT, figure TEXT, fen BIGINT) LANGUAGE sql STABLE AS $fn$
  WITH c AS (
    SELECT x."accountId", x."transactionId", x."orderLineId", x."amountFen"
    FROM jsonb_to_recordset(changes) AS x("accountId" TEXT, "transactionId" TEXT, "orderLineId" TEXT, "amountFen" BIGINT)
  ), moved AS (
    SELECT pr."projectId", 'revenue' AS figure, c."amountFen" AS fen FROM c
    JOIN "MoneyAccount" a ON a.id = c."accountId" AND a.kind = 'STRIPE_CLEARING'
    JOIN "MoneyTransaction" t ON t.id = c."transactionId" AND t.kind IN ('ORDER_PAID', 'ORDER_REFUNDED')
    JOIN "OrderLine" l ON l.id = c."orderLineId" JOIN "Product" pr ON pr.id = l."productId"
    UNION ALL
    SELECT a."projectId", CASE WHEN a.kind = 'ECOLOGY_FUND' THEN 'ecology' ELSE 'households' END, -c."amountFen" FROM c
    JOIN "MoneyAccount" a ON a.id = c."accountId" AND a.kind IN ('HOUSEHOLD_PAYABLE', 'HOUSEHOLD_POOL_UNALLOCATED', 'ECOLOGY_FUND') AND a."projectId" IS NOT NULL
    JOIN "MoneyTransaction" t ON t.id = c."transactionId" AND t.kind IN ('ORDER_PAID', 'ORDER_REFUNDED')
  )
  SELECT "projectId", figure, sum(fen)::bigint FROM moved GROUP BY 1, 2
$fn$;

-- Rows in one order (project, figure), so two transactions never wait for each other crosswise
CREATE FUNCTION sapling_tally_money(changes JSONB) RETURNS void LANGUAGE plpgsql AS $fn$
BEGIN
  INSERT INTO "MoneyTally" AS m ("projectId", figure, fen)
  SELECT f."projectId", f.figure, f.fen FROM sapling_money_figures(changes) f WHERE f.fen <> 0 ORDER BY 1, 2
  ON CONFLICT ("projectId", figure) DO UPDATE SET fen = m.fen + EXCLUDED.fen;
END
$fn$;

CREATE FUNCTION sapling_money_changed() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM sapling_tally_money((SELECT COALESCE(jsonb_agg(jsonb_build_object('accountId', "accountId", 'transactionId', "transactionId", 'orderLineId', "orderLineId", 'amountFen', "amountFen")), '[]') FROM new_rows));
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM sapling_tally_money((SELECT COALESCE(jsonb_agg(jsonb_build_object('accountId', "accountId", 'transactionId', "transactionId", 'orderLineId', "orderLineId", 'amountFen', -"amountFen")), '[]') FROM old_rows));
  ELSE
    PERFORM sapling_tally_money((SELECT COALESCE(jsonb_agg(c), '[]') FROM (
      SELECT jsonb_build_object('accountId', "accountId", 'transactionId', "transactionId", 'orderLineId', "orderLineId", 'amountFen', "amountFen") AS c FROM new_rows
      UNION ALL SELECT jsonb_build_object('accountId', "accountId", 'transactionId', "transactionId", 'orderLineId', "orderLineId", 'amountFen', -"amountFen") FROM old_rows) x));
  END IF;
  RETURN NULL;
END
$fn$;
CREATE TRIGGER "MoneyEntry_tally_insert" AFTER INSERT ON "MoneyEntry" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION sapling_money_changed();
CREATE TRIGGER "MoneyEntry_tally_update" AFTER UPDATE ON "MoneyEntry" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION sapling_money_changed();
CREATE TRIGGER "MoneyEntry_tally_delete" AFTER DELETE ON "MoneyEntry" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION sapling_money_changed();

-- The same figures summed over the whole ledger: the backfill below, and the drift check of the tests (moneyTallyDrift)
CREATE FUNCTION sapling_money_counted() RETURNS TABLE ("projectId" TEXT, figure TEXT, fen BIGINT) LANGUAGE sql STABLE AS $fn$
  SELECT "projectId", figure, sum(fen)::bigint FROM (
    SELECT pr."projectId", 'revenue' AS figure, e."amountFen" AS fen FROM "MoneyEntry" e
    JOIN "MoneyAccount" a ON a.id = e."accountId" AND a.kind = 'STRIPE_CLEARING'
    JOIN "MoneyTransaction" t ON t.id = e."transactionId" AND t.kind IN ('ORDER_PAID', 'ORDER_REFUNDED')
    JOIN "OrderLine" l ON l.id = e."orderLineId" JOIN "Product" pr ON pr.id = l."productId"
    UNION ALL
    SELECT a."projectId", CASE WHEN a.kind = 'ECOLOGY_FUND' THEN 'ecology' ELSE 'households' END, -e."amountFen" FROM "MoneyEntry" e
    JOIN "MoneyAccount" a ON a.id = e."accountId" AND a.kind IN ('HOUSEHOLD_PAYABLE', 'HOUSEHOLD_POOL_UNALLOCATED', 'ECOLOGY_FUND') AND a."projectId" IS NOT NULL
    JOIN "MoneyTransaction" t ON t.id = e."transactionId" AND t.kind IN ('ORDER_PAID', 'ORDER_REFUNDED')
  ) moved GROUP BY 1, 2
$fn$;

-- What is there already
INSERT INTO "MoneyTally" ("projectId", figure, fen) SELECT * FROM sapling_money_counted() c WHERE c.fen <> 0;
