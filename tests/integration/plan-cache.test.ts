import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import { planCacheStats } from "~/db/plan-cache.server";
import { createTestUser } from "../support/factories";

// The plan cache answers a query of a shape it has seen with the cached plan and the new values
// written in: these check that the answers are those of each query's own values, whatever the
// cache holds, for the kinds of value it parameterizes and the ones it must leave alone.

const counted = async <T>(run: () => Promise<T>) => {
  const before = { ...planCacheStats };
  const result = await run();
  return { result, hits: planCacheStats.hits - before.hits, compiled: planCacheStats.compiled - before.compiled, literal: planCacheStats.literal - before.literal };
};

describe("Prisma query plans kept per shape", () => {
  it("answers each id and each date with its own rows, compiling the shape once", async () => {
    const users = await Promise.all([createTestUser({ grams: 10 }), createTestUser({ grams: 20 }), createTestUser({ grams: 30 })]);
    const byId = (id: string, since: Date) => db().user.findMany({ where: { id, createdAt: { gte: since } }, select: { id: true, energyBalance: true } });
    const longAgo = new Date(Date.now() - 86_400_000);
    const first = await counted(() => byId(users[0]!.id, longAgo));
    expect(first.result).toEqual([{ id: users[0]!.id, energyBalance: 10 }]);
    for (const [i, user] of users.entries()) {
      const again = await counted(() => byId(user.id, longAgo));
      expect(again.result).toEqual([{ id: user.id, energyBalance: (i + 1) * 10 }]);
      expect(again.hits).toBe(1);
    }
    // The same shape with a date that excludes the row: the date is a value, not part of the plan.
    const later = await counted(() => byId(users[1]!.id, new Date(Date.now() + 86_400_000)));
    expect(later.result).toEqual([]);
    expect(later.hits).toBe(1);
  });

  it("writes enum values and whole numbers back in (a status filter, an increment)", async () => {
    const user = await createTestUser({ grams: 5 });
    const role = (userId: string, r: "CONSUMER" | "OPERATOR") => db().user.count({ where: { id: userId, role: r } });
    const other = await createTestUser({ role: "OPERATOR" });
    expect(await role(user.id, "CONSUMER")).toBe(1);
    // An enum is compared through a cast when literal: it stays in the shape, the id does not.
    const sameRole = await counted(() => role(other.id, "CONSUMER"));
    expect(sameRole.result).toBe(0);
    expect(sameRole.hits).toBe(1);
    expect(await role(user.id, "OPERATOR")).toBe(0);
    const operator = await counted(() => role(other.id, "OPERATOR"));
    expect(operator.result).toBe(1);
    expect(operator.hits).toBe(1);
    const bump = (n: number) => db().user.update({ where: { id: user.id }, data: { energyBalance: { increment: n } }, select: { energyBalance: true } });
    await bump(1);
    const bumped = await counted(() => bump(7));
    expect(bumped.result.energyBalance).toBe(13);
    // Put the balance back, so the ledger checks of other tests see what the entries say.
    await db().user.update({ where: { id: user.id }, data: { energyBalance: 5 } });
  });

  it("compiles text searches literally: the compiler writes their value into the plan", async () => {
    const tag = randomBytes(4).toString("hex");
    const a = await createTestUser();
    const b = await createTestUser();
    await db().user.update({ where: { id: a.id }, data: { displayName: `alpha-${tag}` } });
    await db().user.update({ where: { id: b.id }, data: { displayName: `beta-${tag}` } });
    // `contains` becomes "%value%" inside the plan: a cached plan would search for the first value every time.
    const search = (text: string) => db().user.findMany({ where: { displayName: { contains: text, mode: "insensitive" } }, select: { id: true } });
    expect(await search(`ALPHA-${tag}`)).toEqual([{ id: a.id }]);
    const second = await counted(() => search(`BETA-${tag}`));
    expect(second.result).toEqual([{ id: b.id }]);
    expect(second.hits).toBe(0);
  });

  it("answers lists (in) element by element, a shape per length of list", async () => {
    const [a, b, c] = await Promise.all([createTestUser(), createTestUser(), createTestUser()]);
    const among = (ids: string[]) => db().user.findMany({ where: { id: { in: ids } }, select: { id: true }, orderBy: { id: "asc" } });
    const sorted = (...users: { id: string }[]) => users.map((u) => ({ id: u.id })).sort((x, y) => (x.id < y.id ? -1 : 1));
    expect(await among([a!.id, b!.id])).toEqual(sorted(a!, b!));
    const other = await counted(() => among([c!.id, a!.id]));
    expect(other.result).toEqual(sorted(a!, c!));
    expect(other.hits).toBe(1);
    const none = await counted(() => among([]));
    expect(none.result).toEqual([]);
  });

  it("keeps the values of nested relation filters apart", async () => {
    const a = await createTestUser();
    const b = await createTestUser();
    await db().session.create({ data: { tokenHash: `hash-a-${a.id}`, userId: a.id, expiresAt: new Date(Date.now() + 60_000) } });
    const sessions = (userId: string, tokenHash: string) =>
      db().user.findUnique({ where: { id: userId }, select: { id: true, sessions: { where: { tokenHash }, select: { tokenHash: true } } } });
    expect(await sessions(a.id, `hash-a-${a.id}`)).toEqual({ id: a.id, sessions: [{ tokenHash: `hash-a-${a.id}` }] });
    const other = await counted(() => sessions(b.id, `hash-a-${a.id}`));
    expect(other.result).toEqual({ id: b.id, sessions: [] });
    expect(other.hits).toBe(1);
    await db().session.deleteMany({ where: { userId: a.id } });
  });
});
