import { randomUUID } from "node:crypto";
import { query, statement } from "~/db/sql.server";
import { Refused } from "~/utils/refused";
import { ballState, type BallStatus } from "./ball-time";
import { ENERGY_RULES } from "./rules";
import { stealAllowance, type StealRefusal } from "./stealing";

// Taking from a ball is one statement (one round trip, its own transaction): the ball's row is
// locked inside it and released when it ends, so 200 friends racing for one ball queue for
// microseconds each, never behind another request's round trips. The rules are those of
// stealing.ts, written again in SQL over the locked (latest) row; stealAllowance explains a refusal
// from the same values the statement decided on.

export type TakeRefusal = "not_found" | "not_ripe" | "already_collected" | "expired" | "not_friends" | StealRefusal;

export class TakeRefused extends Refused<TakeRefusal> {}

export type Taken = { grams: number; balance: number; stolen: boolean };

type Decided = {
  id: string;
  userId: string;
  grams: number;
  remainingGrams: number;
  stolenGrams: number;
  thiefCount: number;
  status: BallStatus;
  ripensAt: Date;
  expiresAt: Date;
  now: Date;
  friends: boolean;
  covered: boolean;
  doubled: boolean;
  previousTakes: number;
  take: number | null;
  balance: number | null;
};

const RULES = ENERGY_RULES.steal;

// $1 ball, $2 thief, $3 a random fraction in [0, 1), $4 the steal's id.
const STEAL = statement(
  "ball-steal",
  `WITH b AS (
     SELECT id, "userId", grams, "remainingGrams", "stolenGrams", "thiefCount", status, "ripensAt", "expiresAt"
     FROM "EnergyBall" WHERE id = $1 FOR UPDATE
   ), c AS (
     SELECT b.*, now() AS now,
       EXISTS (SELECT 1 FROM "Friendship" f WHERE f."userId" = $2 AND f."friendId" = b."userId") AS friends,
       b.status = 'OPEN' AND b."ripensAt" <= now() AND b."expiresAt" > now() AS ripe,
       COALESCE((SELECT "coverUntil" > now() FROM "User" WHERE id = b."userId"), false) AS covered,
       COALESCE((SELECT "doubleUntil" > now() FROM "User" WHERE id = $2), false) AS doubled,
       (SELECT count(*) FROM "Steal" s WHERE s."ballId" = b.id AND s."thiefId" = $2)::int AS "previousTakes",
       LEAST(floor(b.grams * ${RULES.maxStolenShare}::float8)::int - b."stolenGrams", b."remainingGrams") AS stealable
     FROM b WHERE b."userId" <> $2
   ), d AS (
     SELECT c.id, c."userId", c."previousTakes",
       1 + floor($3::float8 * LEAST(c.stealable, GREATEST(1, floor(c.grams * ${RULES.maxTakeShare}::float8)::int)))::int AS take
     FROM c
     WHERE c.friends AND c.ripe AND NOT c.covered
       AND c."previousTakes" < CASE WHEN c.doubled THEN 2 ELSE 1 END
       AND NOT (c."previousTakes" = 0 AND c."thiefCount" >= ${RULES.maxThievesPerBall})
       AND c.stealable > 0
   ), ball AS (
     UPDATE "EnergyBall" x SET "remainingGrams" = x."remainingGrams" - d.take, "stolenGrams" = x."stolenGrams" + d.take,
       "thiefCount" = x."thiefCount" + CASE WHEN d."previousTakes" = 0 THEN 1 ELSE 0 END
     FROM d WHERE x.id = d.id
   ), steal AS (
     INSERT INTO "Steal" (id, "ballId", "thiefId", seq, grams) SELECT $4, d.id, $2, d."previousTakes" + 1, d.take FROM d
   ), entries AS (
     INSERT INTO "EnergyEntry" ("userId", account, kind, grams, "idempotencyKey", "ballId", "counterpartId")
     SELECT d."userId", 'BALL'::"EnergyAccount", 'STEAL'::"EnergyEntryKind", -d.take, 'steal:' || $4 || ':ball', d.id, $2 FROM d
     UNION ALL SELECT $2, 'BALANCE', 'STEAL', d.take, 'steal:' || $4, d.id, d."userId" FROM d
   ), thief AS (
     UPDATE "User" u SET "energyBalance" = u."energyBalance" + d.take FROM d WHERE u.id = $2 RETURNING u."energyBalance"
   ), feed AS (
     -- Both feeds (the owner's "X took…", the thief's "you took… from Y"), or the owner's "X tried" under a cover.
     INSERT INTO "Activity" ("userId", "actorId", kind, grams)
     SELECT d."userId", $2, 'STOLEN'::"ActivityKind", d.take FROM d
     UNION ALL SELECT $2, d."userId", 'TOOK', d.take FROM d
     UNION ALL SELECT c."userId", $2, 'BLOCKED', NULL FROM c WHERE c.friends AND c.ripe AND c.covered
   ), notice AS (
     -- The owner hears of it (app/notifications): each take, and one blocked try per thief and ball.
     INSERT INTO "OutboxEvent" (topic, "jobKey", payload)
     SELECT 'notification', 'notify-' || n.key, jsonb_build_object('kind', n.kind, 'key', n.key, 'to', jsonb_build_array(n.owner),
       'params', jsonb_strip_nulls(jsonb_build_object('actorId', $2::text, 'grams', n.grams, 'href', '/forest')))
     FROM (SELECT 'energy_taken' AS kind, 'steal-' || $4 AS key, d."userId" AS owner, d.take AS grams FROM d
           UNION ALL SELECT 'energy_blocked', 'blocked-' || c.id || '-' || $2, c."userId", NULL FROM c WHERE c.friends AND c.ripe AND c.covered) n
     ON CONFLICT ("jobKey") DO NOTHING
   )
   SELECT c.*, d.take, (SELECT "energyBalance" FROM thief) AS balance FROM c LEFT JOIN d ON true`,
);

// $1 ball, $2 its owner. A collect also advances the owner's streak of local days with a collect;
// every few days it earns a double-collect card or a cover (ENERGY_RULES.streakRewards).
const COLLECT = statement(
  "ball-collect",
  `WITH b AS (
     SELECT id, "userId", grams, "remainingGrams", "stolenGrams", "thiefCount", status, "ripensAt", "expiresAt", "actionType", now() AS now
     FROM "EnergyBall" WHERE id = $1 FOR UPDATE
   ), ok AS (
     SELECT * FROM b WHERE b."userId" = $2 AND b.status = 'OPEN' AND b."ripensAt" <= now() AND b."expiresAt" > now()
   ), owner AS (
     SELECT u.id, u."lastCollectOn", u."streakDays",
       to_char((now() AT TIME ZONE u."timeZone")::date, 'YYYY-MM-DD') AS today,
       to_char((now() AT TIME ZONE u."timeZone")::date - 1, 'YYYY-MM-DD') AS yesterday
     FROM "User" u JOIN ok ON u.id = ok."userId" FOR NO KEY UPDATE OF u
   ), streak AS (
     SELECT o.*, o."lastCollectOn" IS DISTINCT FROM o.today AS advances,
       CASE WHEN o."lastCollectOn" = o.today THEN o."streakDays" WHEN o."lastCollectOn" = o.yesterday THEN o."streakDays" + 1 ELSE 1 END AS days
     FROM owner o
   ), earned AS (
     SELECT s.*, (s.advances AND s.days % ${ENERGY_RULES.streakRewards.doubleCardEvery} = 0)::int AS card,
       (s.advances AND s.days % ${ENERGY_RULES.streakRewards.coverEvery} = 0)::int AS cover
     FROM streak s
   ), ball AS (
     UPDATE "EnergyBall" x SET status = 'COLLECTED', "remainingGrams" = 0, "collectedAt" = now() FROM ok WHERE x.id = ok.id
   ), entries AS (
     INSERT INTO "EnergyEntry" ("userId", account, kind, grams, "idempotencyKey", "ballId")
     SELECT ok."userId", 'BALL'::"EnergyAccount", 'COLLECT'::"EnergyEntryKind", -ok."remainingGrams", 'collect:' || ok.id || ':ball', ok.id FROM ok
     UNION ALL SELECT ok."userId", 'BALANCE', 'COLLECT', ok."remainingGrams", 'collect:' || ok.id, ok.id FROM ok
   ), collector AS (
     UPDATE "User" u SET "energyBalance" = u."energyBalance" + ok."remainingGrams", "lastCollectOn" = e.today, "streakDays" = e.days,
       "doubleCards" = u."doubleCards" + e.card, "coverItems" = u."coverItems" + e.cover
     FROM ok, earned e WHERE u.id = e.id RETURNING u."energyBalance"
   ), feed AS (
     INSERT INTO "Activity" ("userId", kind, grams, detail)
     SELECT ok."userId", 'COLLECTED'::"ActivityKind", ok."remainingGrams", ok."actionType" FROM ok
     UNION ALL SELECT e.id, 'ITEM_EARNED', NULL, CASE WHEN e.cover = 1 THEN 'cover' ELSE 'double_card' END FROM earned e WHERE e.card + e.cover > 0
   )
   SELECT b.*, (SELECT "remainingGrams" FROM ok) AS take, (SELECT "energyBalance" FROM collector) AS balance FROM b`,
);

function refuseUnlessRipe(ball: Decided) {
  const state = ballState(ball, ball.now);
  if (state === "GROWING") throw new TakeRefused("not_ripe");
  if (state === "EXPIRED") throw new TakeRefused("expired");
  if (state === "COLLECTED") throw new TakeRefused("already_collected");
}

const isUniqueViolation = (error: unknown) => (error as { code?: unknown }).code === "23505";

async function steal(thiefId: string, ballId: string, random: () => number): Promise<Decided | undefined> {
  // A take is 1 + floor(fraction × the most allowed): a whole number of grams from 1 to that most.
  const fraction = random();
  try {
    return (await query<Decided>(STEAL, [ballId, thiefId, fraction, randomUUID()]))[0];
  } catch (error) {
    // The same thief twice at once (a double tap): the second counted takes before the first
    // committed and lost on Steal's (ball, thief, seq) key. Decided again, it sees the first.
    if (!isUniqueViolation(error)) throw error;
    return (await query<Decided>(STEAL, [ballId, thiefId, fraction, randomUUID()]))[0];
  }
}

/**
 * Takes from a ball: its owner collects what is left, a friend steals a random part within the
 * rules; owner and thieves racing for one ball never take more than it holds or the rules allow.
 */
export async function takeFromBall(userId: string, ballId: string, random: () => number = Math.random): Promise<Taken> {
  const stolen = await steal(userId, ballId, random);
  if (stolen) {
    if (stolen.take !== null) return { grams: stolen.take, balance: stolen.balance!, stolen: true };
    if (!stolen.friends) throw new TakeRefused("not_friends");
    refuseUnlessRipe(stolen);
    const allowance = stealAllowance(stolen, stolen.previousTakes, { ownerProtected: stolen.covered, doubleCardActive: stolen.doubled });
    throw new TakeRefused(allowance.ok ? "limit_reached" : allowance.reason);
  }
  // Not a friend's ball: the user's own, or none.
  const [collected] = await query<Decided>(COLLECT, [ballId, userId]);
  if (!collected || collected.userId !== userId) throw new TakeRefused("not_found");
  if (collected.take !== null) return { grams: collected.take, balance: collected.balance!, stolen: false };
  refuseUnlessRipe(collected);
  throw new TakeRefused("already_collected");
}
