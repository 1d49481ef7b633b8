-- Counters kept by the transactions that change what they count (issue 16): pages read one row
-- instead of counting whole tables. Statement-level triggers keep them, so every path that writes
-- plots, redemptions or energy entries keeps them too, in its own transaction.

-- Per project: plots redeemed, units, planted (verified or not), verified, energy of settled redemptions, holders
CREATE TABLE "ProjectTally" (
    "projectId" TEXT NOT NULL,
    "plotsRedeemed" INTEGER NOT NULL DEFAULT 0,
    "unitsRedeemed" BIGINT NOT NULL DEFAULT 0,
    "plotsPlanted" INTEGER NOT NULL DEFAULT 0,
    "plotsVerified" INTEGER NOT NULL DEFAULT 0,
    "energyRedeemedGrams" BIGINT NOT NULL DEFAULT 0,
    "guardians" INTEGER NOT NULL DEFAULT 0,
    CONSTRAINT "ProjectTally_pkey" PRIMARY KEY ("projectId"),
    CONSTRAINT "ProjectTally_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- Per project and holder: plots and units held (a row exists while they hold any)
CREATE TABLE "ProjectHolder" (
    "projectId" TEXT NOT NULL,
    "holderId" TEXT NOT NULL,
    "plots" INTEGER NOT NULL,
    "units" BIGINT NOT NULL,
    CONSTRAINT "ProjectHolder_pkey" PRIMARY KEY ("projectId", "holderId"),
    CONSTRAINT "ProjectHolder_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ProjectHolder_holderId_fkey" FOREIGN KEY ("holderId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE INDEX "ProjectHolder_holderId_idx" ON "ProjectHolder"("holderId");

-- Energy gathered (collected, taken, received as water) per user and quarter hour, and in all: every time zone's midnight is on a quarter hour
CREATE TABLE "EnergyGathered" (
    "userId" TEXT NOT NULL,
    "bucket" TIMESTAMP(3) NOT NULL,
    "grams" BIGINT NOT NULL,
    CONSTRAINT "EnergyGathered_pkey" PRIMARY KEY ("userId", "bucket"),
    CONSTRAINT "EnergyGathered_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE TABLE "EnergyGatheredTotal" (
    "userId" TEXT NOT NULL,
    "grams" BIGINT NOT NULL,
    CONSTRAINT "EnergyGatheredTotal_pkey" PRIMARY KEY ("userId"),
    CONSTRAINT "EnergyGatheredTotal_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- Applies a set of plot rows with a sign (+1 added, -1 removed) to the tallies
CREATE FUNCTION sapling_tally_plots(changes JSONB) RETURNS void LANGUAGE plpgsql AS $fn$
BEGIN
  WITH c AS (
    SELECT x."projectId", x."holderId", x."unitCount", x.status, x.s
    FROM jsonb_to_recordset(changes) AS x("projectId" TEXT, "holderId" TEXT, "unitCount" INT, status TEXT, s INT)
  ), t AS (
    SELECT "projectId", sum(s) AS plots, sum(s * "unitCount") AS units,
      sum(s * (status <> 'ALLOCATED')::int) AS planted, sum(s * (status = 'VERIFIED')::int) AS verified
    FROM c GROUP BY "projectId"
  )
  INSERT INTO "ProjectTally" AS p ("projectId", "plotsRedeemed", "unitsRedeemed", "plotsPlanted", "plotsVerified")
  SELECT "projectId", plots, units, planted, verified FROM t
  ON CONFLICT ("projectId") DO UPDATE SET
    "plotsRedeemed" = p."plotsRedeemed" + EXCLUDED."plotsRedeemed", "unitsRedeemed" = p."unitsRedeemed" + EXCLUDED."unitsRedeemed",
    "plotsPlanted" = p."plotsPlanted" + EXCLUDED."plotsPlanted", "plotsVerified" = p."plotsVerified" + EXCLUDED."plotsVerified";

  WITH c AS (
    SELECT x."projectId", x."holderId", x."unitCount", x.s
    FROM jsonb_to_recordset(changes) AS x("projectId" TEXT, "holderId" TEXT, "unitCount" INT, s INT)
  ), d AS (
    SELECT "projectId", "holderId", sum(s) AS plots, sum(s * "unitCount") AS units FROM c GROUP BY 1, 2 HAVING sum(s) <> 0 OR sum(s * "unitCount") <> 0
  ), held AS (
    INSERT INTO "ProjectHolder" AS h ("projectId", "holderId", plots, units) SELECT * FROM d
    ON CONFLICT ("projectId", "holderId") DO UPDATE SET plots = h.plots + EXCLUDED.plots, units = h.units + EXCLUDED.units
    RETURNING h."projectId", h.plots, (xmax = 0) AS fresh
  ), moved AS (
    SELECT "projectId", count(*) FILTER (WHERE fresh AND plots > 0) - count(*) FILTER (WHERE NOT fresh AND plots = 0) AS guardians FROM held GROUP BY 1
  )
  UPDATE "ProjectTally" p SET guardians = p.guardians + m.guardians FROM moved m WHERE p."projectId" = m."projectId" AND m.guardians <> 0;
  DELETE FROM "ProjectHolder" h
  USING (SELECT DISTINCT x."projectId", x."holderId" FROM jsonb_to_recordset(changes) AS x("projectId" TEXT, "holderId" TEXT)) c
  WHERE h."projectId" = c."projectId" AND h."holderId" = c."holderId" AND h.plots = 0;
END
$fn$;

CREATE FUNCTION sapling_plots_inserted() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  PERFORM sapling_tally_plots((SELECT COALESCE(jsonb_agg(jsonb_build_object('projectId', "projectId", 'holderId', "holderId", 'unitCount', "unitCount", 'status', status, 's', 1)), '[]') FROM new_rows));
  RETURN NULL;
END
$fn$;
CREATE FUNCTION sapling_plots_deleted() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  PERFORM sapling_tally_plots((SELECT COALESCE(jsonb_agg(jsonb_build_object('projectId', "projectId", 'holderId', "holderId", 'unitCount', "unitCount", 'status', status, 's', -1)), '[]') FROM old_rows));
  RETURN NULL;
END
$fn$;
CREATE FUNCTION sapling_plots_updated() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  PERFORM sapling_tally_plots((SELECT COALESCE(jsonb_agg(c), '[]') FROM (
    SELECT jsonb_build_object('projectId', "projectId", 'holderId', "holderId", 'unitCount', "unitCount", 'status', status, 's', 1) AS c FROM new_rows
    UNION ALL SELECT jsonb_build_object('projectId', "projectId", 'holderId', "holderId", 'unitCount', "unitCount", 'status', status, 's', -1) FROM old_rows) x));
  RETURN NULL;
END
$fn$;
CREATE TRIGGER "Plot_tally_insert" AFTER INSERT ON "Plot" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION sapling_plots_inserted();
CREATE TRIGGER "Plot_tally_delete" AFTER DELETE ON "Plot" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION sapling_plots_deleted();
CREATE TRIGGER "Plot_tally_update" AFTER UPDATE ON "Plot" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION sapling_plots_updated();

-- Energy of settled redemptions: what a statement added minus what it took away
CREATE FUNCTION sapling_tally_redemptions() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO "ProjectTally" AS p ("projectId", "energyRedeemedGrams")
    SELECT "projectId", sum("costGrams") FROM new_rows WHERE status = 'SETTLED' GROUP BY 1
    ON CONFLICT ("projectId") DO UPDATE SET "energyRedeemedGrams" = p."energyRedeemedGrams" + EXCLUDED."energyRedeemedGrams";
  ELSIF TG_OP = 'UPDATE' THEN
    INSERT INTO "ProjectTally" AS p ("projectId", "energyRedeemedGrams")
    SELECT "projectId", sum(g) FROM (
      SELECT "projectId", "costGrams" AS g FROM new_rows WHERE status = 'SETTLED'
      UNION ALL SELECT "projectId", -"costGrams" FROM old_rows WHERE status = 'SETTLED') x
    GROUP BY 1 HAVING sum(g) <> 0
    ON CONFLICT ("projectId") DO UPDATE SET "energyRedeemedGrams" = p."energyRedeemedGrams" + EXCLUDED."energyRedeemedGrams";
  ELSE
    UPDATE "ProjectTally" p SET "energyRedeemedGrams" = p."energyRedeemedGrams" - d.g
    FROM (SELECT "projectId", sum("costGrams") AS g FROM old_rows WHERE status = 'SETTLED' GROUP BY 1) d WHERE p."projectId" = d."projectId";
  END IF;
  RETURN NULL;
END
$fn$;
CREATE TRIGGER "Redemption_tally_insert" AFTER INSERT ON "Redemption" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION sapling_tally_redemptions();
CREATE TRIGGER "Redemption_tally_update" AFTER UPDATE ON "Redemption" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION sapling_tally_redemptions();
CREATE TRIGGER "Redemption_tally_delete" AFTER DELETE ON "Redemption" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION sapling_tally_redemptions();

-- Energy entries are never changed or deleted, only added
CREATE FUNCTION sapling_energy_gathered() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  INSERT INTO "EnergyGathered" AS g ("userId", bucket, grams)
  SELECT "userId", date_bin('15 minutes', "createdAt", TIMESTAMP '2000-01-01'), sum(grams) FROM new_rows
  WHERE account = 'BALANCE' AND kind IN ('COLLECT', 'STEAL', 'WATER') AND grams > 0 GROUP BY 1, 2
  ON CONFLICT ("userId", bucket) DO UPDATE SET grams = g.grams + EXCLUDED.grams;
  INSERT INTO "EnergyGatheredTotal" AS g ("userId", grams)
  SELECT "userId", sum(grams) FROM new_rows
  WHERE account = 'BALANCE' AND kind IN ('COLLECT', 'STEAL', 'WATER') AND grams > 0 GROUP BY 1
  ON CONFLICT ("userId") DO UPDATE SET grams = g.grams + EXCLUDED.grams;
  RETURN NULL;
END
$fn$;
CREATE TRIGGER "EnergyEntry_gathered" AFTER INSERT ON "EnergyEntry" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION sapling_energy_gathered();

-- What is already there
INSERT INTO "ProjectTally" ("projectId") SELECT id FROM "Project";
SELECT sapling_tally_plots(COALESCE((SELECT jsonb_agg(jsonb_build_object('projectId', "projectId", 'holderId', "holderId", 'unitCount', "unitCount", 'status', status, 's', 1)) FROM "Plot"), '[]'));
UPDATE "ProjectTally" p SET "energyRedeemedGrams" = r.g FROM (SELECT "projectId", sum("costGrams") AS g FROM "Redemption" WHERE status = 'SETTLED' GROUP BY 1) r WHERE p."projectId" = r."projectId";
INSERT INTO "EnergyGathered" ("userId", bucket, grams)
SELECT "userId", date_bin('15 minutes', "createdAt", TIMESTAMP '2000-01-01'), sum(grams) FROM "EnergyEntry"
WHERE account = 'BALANCE' AND kind IN ('COLLECT', 'STEAL', 'WATER') AND grams > 0 GROUP BY 1, 2;
INSERT INTO "EnergyGatheredTotal" ("userId", grams)
SELECT "userId", sum(grams) FROM "EnergyEntry" WHERE account = 'BALANCE' AND kind IN ('COLLECT', 'STEAL', 'WATER') AND grams > 0 GROUP BY 1;
