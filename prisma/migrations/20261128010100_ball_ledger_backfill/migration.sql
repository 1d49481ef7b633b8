-- Balls created before the BALL ledger account existed: record their earning, and for collected
-- balls the move out of the ball, so that ledger sums match balls and balances.
INSERT INTO "EnergyEntry" ("userId", account, kind, grams, "idempotencyKey", "ballId")
SELECT "userId", 'BALL', 'EARN', grams, 'earn:' || id, id FROM "EnergyBall"
ON CONFLICT ("idempotencyKey") DO NOTHING;

INSERT INTO "EnergyEntry" ("userId", account, kind, grams, "idempotencyKey", "ballId")
SELECT "userId", 'BALL', 'COLLECT', -grams, 'collect:' || id || ':ball', id FROM "EnergyBall" WHERE status = 'COLLECTED'
ON CONFLICT ("idempotencyKey") DO NOTHING;
