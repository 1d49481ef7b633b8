import { randomBytes } from "node:crypto";
import { db } from "~/db/client.server";
import { grantEnergy } from "~/energy/ledger.server";

const suffix = () => randomBytes(5).toString("hex");

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

export async function createTestProject(options: { capacity: number; unitCostGrams?: number; kind?: "FOREST" | "PROTECTED_AREA" }) {
  const tag = suffix();
  return db().project.create({
    data: {
      slug: `test-${tag}`,
      kind: options.kind ?? "FOREST",
      nameZh: `测试 ${tag}`,
      nameEn: `Test ${tag}`,
      countyZh: "测试县",
      countyEn: "Test County",
      codePrefix: `T${tag.toUpperCase()}`,
      unitCostGrams: options.unitCostGrams ?? 100,
      capacity: options.capacity,
      opensAt: new Date(Date.now() - 60_000),
    },
  });
}

export async function createBall(userId: string, options: { grams: number; ripe: boolean }) {
  const hour = 3600 * 1000;
  const now = Date.now();
  return db().energyBall.create({
    data: {
      userId,
      actionType: "walking",
      grams: options.grams,
      remainingGrams: options.grams,
      ripensAt: new Date(options.ripe ? now - hour : now + 10 * hour),
      expiresAt: new Date(options.ripe ? now + 71 * hour : now + 82 * hour),
    },
  });
}

/** Sum of the user's BALANCE and ESCROW ledger entries. */
export async function ledgerTotals(userId: string) {
  const rows = await db().energyEntry.groupBy({ by: ["account"], where: { userId }, _sum: { grams: true } });
  const total = (account: string) => rows.find((row) => row.account === account)?._sum.grams ?? 0;
  return { balance: total("BALANCE"), escrow: total("ESCROW") };
}
