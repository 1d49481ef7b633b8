import { randomBytes } from "node:crypto";
import { db } from "~/db/client.server";
import { createBall as createEnergyBall } from "~/energy/balls.server";
import { checkLedger, grantEnergy } from "~/energy/ledger.server";
import { wallTimeOf } from "~/energy/local-time";
import { CELL_SIZE_M } from "~/projects/layout";
import { createProject } from "~/projects/manage.server";
import { rectangleRing } from "~/projects/shapes";
import type { TreeArt } from "~/projects/species";
import { lineMoney } from "~/money/revenue-share";
import { tallyDrift } from "~/projects/area.server";
import { moneyTallyDrift } from "~/payouts/transparency.server";

const suffix = () => randomBytes(5).toString("hex");

/** An account as the sign-up link makes it, from a signup form's fields (the password hashed as in production). */
export async function signedUp(input: { email: string; password: string; displayName: string }) {
  const { createUser } = await import("~/auth/accounts.server");
  const { hashPassword } = await import("~/auth/password.server");
  return createUser({ email: input.email, displayName: input.displayName, passwordHash: await hashPassword(input.password) });
}

export async function createTestUser(options: { grams?: number; role?: "CONSUMER" | "OPERATOR" } = {}) {
  const user = await db().user.create({
    data: {
      email: `user-${suffix()}@test.sapling`,
      displayName: "Tester",
      passwordHash: "not-a-real-hash",
      role: options.role ?? "CONSUMER",
    },
  });
  if (options.grams) await db().$transaction((tx) => grantEnergy(tx, user.id, options.grams!, `test:grant:${user.id}`));
  return user;
}

/**
 * An open project whose boundary is a rectangle of whole cells, large enough for `capacity`,
 * created the way operators create them.
 */
export async function createTestProject(options: { capacity: number; unitCostGrams?: number; kind?: "FOREST" | "PROTECTED_AREA"; art?: TreeArt; opensInMs?: number }) {
  const tag = suffix();
  const kind = options.kind ?? "FOREST";
  // One more cell all round: units keep a cell away from the boundary line.
  const side = Math.ceil(Math.sqrt(options.capacity)) + 2;
  const cell = CELL_SIZE_M[kind];
  const boundary = { type: "Polygon", coordinates: [rectangleRing([104.5, 32.4], side * cell.width, side * cell.height)] };
  const result = await createProject(
    {
      slug: `test-${tag}`,
      kind,
      nameZh: `测试 ${tag}`,
      nameEn: `Test ${tag}`,
      countyZh: "测试县",
      countyEn: "Test County",
      species: kind === "FOREST" ? "sea buckthorn" : undefined,
      art: kind === "FOREST" ? (options.art ?? "sea-buckthorn") : undefined,
      codePrefix: `T${tag.toUpperCase()}`,
      unitCostGrams: options.unitCostGrams ?? 100,
      capacity: options.capacity,
      opensAt: wallTimeOf(new Date(Date.now() + (options.opensInMs ?? -120_000)), "Asia/Shanghai"),
    },
    JSON.stringify(boundary),
  );
  if (!result.ok) throw new Error(`test project did not lay out: ${JSON.stringify(result.problems)}`);
  return result.project;
}

/** A ball with its EARN entry; ripe now, growing, or already past its expiry (not yet marked). */
export async function createBall(userId: string, options: { grams: number; ripe: boolean; expired?: boolean }) {
  const hour = 3600 * 1000;
  const now = Date.now();
  const times = options.expired
    ? { ripensAt: new Date(now - 73 * hour), expiresAt: new Date(now - hour) }
    : options.ripe
      ? { ripensAt: new Date(now - hour), expiresAt: new Date(now + 71 * hour) }
      : { ripensAt: new Date(now + 10 * hour), expiresAt: new Date(now + 82 * hour) };
  return db().$transaction((tx) => createEnergyBall(tx, { userId, actionType: "walking", grams: options.grams, occurredAt: new Date(now), times }));
}

export async function makeFriends(a: string, b: string) {
  await db().friendship.createMany({ data: [{ userId: a, friendId: b }, { userId: b, friendId: a }], skipDuplicates: true });
}

/**
 * `count` users with ids `<prefix>-1` … `<prefix>-<count>`, each granted `grams` through the
 * ledger, made in two statements: load tests are about what the users do, not about signing up.
 */
export async function createUsersInBulk(prefix: string, count: number, grams: number) {
  await db().$executeRaw`
    INSERT INTO "User" (id, email, "passwordHash", "displayName", "inviteCode", "energyBalance")
    SELECT ${prefix} || '-' || i, ${prefix} || '-' || i || '@load.test', 'x', 'Load ' || i, ${prefix} || '-' || i, ${grams}
    FROM generate_series(1, ${count}) AS i`;
  await db().$executeRaw`
    INSERT INTO "EnergyEntry" ("userId", account, kind, grams, "idempotencyKey")
    SELECT ${prefix} || '-' || i, 'BALANCE', 'GRANT', ${grams}, 'grant-' || ${prefix} || '-' || i FROM generate_series(1, ${count}) AS i`;
  return (i: number) => `${prefix}-${i}`;
}

/** Both ledger invariants, and the tallies pages read equal to counting; tests call it after every scenario. */
export async function expectLedgerConsistent() {
  const checks = await checkLedger();
  if (!checks.ok) throw new Error(`ledger inconsistent: ${JSON.stringify(checks)}`);
  const drift = [...(await tallyDrift()), ...(await moneyTallyDrift())];
  if (drift.length) throw new Error(`tallies differ from the tables: ${JSON.stringify(drift, (_, v) => (typeof v === "bigint" ? Number(v) : v))}`);
}

/**
 * Arrival order over a project's final rows: the redemptions that got fewer units than they asked
 * for (refunded, or part-served) while one that came later (a higher seq) holds units. Must be none.
 */
export async function arrivalOrderBreaches(projectId: string) {
  const rows = await db().$queryRaw<{ seq: bigint }[]>`
    SELECT r.seq FROM "Redemption" r
    WHERE r."projectId" = ${projectId} AND r.status <> 'PENDING' AND COALESCE(r."grantedUnits", 0) < r.quantity
      AND EXISTS (SELECT 1 FROM "Redemption" l WHERE l."projectId" = r."projectId" AND l.seq > r.seq AND l."grantedUnits" > 0)
    ORDER BY r.seq`;
  return rows.map((row) => Number(row.seq));
}

/** Sum of the user's BALANCE and ESCROW ledger entries. */
export async function ledgerTotals(userId: string) {
  const rows = await db().energyEntry.groupBy({ by: ["account"], where: { userId }, _sum: { grams: true } });
  const total = (account: string) => rows.find((row) => row.account === account)?._sum.grams ?? 0;
  return { balance: total("BALANCE"), escrow: total("ESCROW") };
}

const SHARE_RULE = { householdBp: 6_000, ecologyBp: 2_500, platformBp: 1_500 };

/**
 * A paid order of `quantity` units of a new product at `priceFen`, its line split as checkout
 * splits it (60 / 25 / 15 of the surplus); not yet posted to the money ledger.
 */
export async function createPaidOrder(input: { projectId: string; cooperativeId: string; priceFen: bigint; costFen: bigint; quantity: number; paymentIntentId?: string }) {
  const buyer = await createTestUser();
  const product = await db().product.create({
    data: {
      projectId: input.projectId,
      cooperativeId: input.cooperativeId,
      slug: `p-${suffix()}`,
      nameZh: "蜂蜜",
      nameEn: "Honey",
      unitZh: "瓶",
      unitEn: "jar",
      priceFen: input.priceFen,
      unitCostFen: input.costFen,
      stock: 0,
    },
  });
  const money = lineMoney(input.priceFen, input.costFen, input.quantity, SHARE_RULE);
  return db().order.create({
    data: {
      userId: buyer.id,
      idempotencyKey: suffix(),
      provider: "stripe",
      status: "PAID",
      totalFen: money.grossFen,
      paymentIntentId: input.paymentIntentId ?? `pi_${suffix()}`,
      expiresAt: new Date(),
      lines: {
        create: {
          productId: product.id,
          quantity: input.quantity,
          unitPriceFen: input.priceFen,
          unitCostFen: input.costFen,
          costFen: money.costFen,
          householdFen: money.householdFen,
          ecologyFen: money.ecologyFen,
          platformFen: money.platformFen,
          ...SHARE_RULE,
        },
      },
    },
  });
}
