import { describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import { collectBall, CollectRefused, getForest } from "~/energy/forest.server";
import { createBall, createTestUser, ledgerTotals } from "../support/factories";

describe("collecting energy balls", () => {
  it("moves a ripe ball into the balance once, with a ledger entry", async () => {
    const user = await createTestUser({ grams: 100 });
    const ball = await createBall(user.id, { grams: 296, ripe: true });
    expect(await collectBall(user.id, ball.id)).toEqual({ grams: 296, balance: 396 });
    await expect(collectBall(user.id, ball.id)).rejects.toEqual(new CollectRefused("already_collected"));
    expect((await getForest(user.id)).balance).toBe(396);
    expect((await ledgerTotals(user.id)).balance).toBe(396);
  });

  it("refuses a growing ball and someone else's ball", async () => {
    const owner = await createTestUser();
    const other = await createTestUser();
    const growing = await createBall(owner.id, { grams: 80, ripe: false });
    const ripe = await createBall(owner.id, { grams: 52, ripe: true });
    await expect(collectBall(owner.id, growing.id)).rejects.toMatchObject({ reason: "not_ripe" });
    await expect(collectBall(other.id, ripe.id)).rejects.toMatchObject({ reason: "not_found" });
    expect((await db().user.findUniqueOrThrow({ where: { id: other.id } })).energyBalance).toBe(0);
  });

  it("lets exactly one of twenty simultaneous collects of the same ball succeed", async () => {
    const user = await createTestUser();
    const ball = await createBall(user.id, { grams: 262, ripe: true });
    const results = await Promise.allSettled(Array.from({ length: 20 }, () => collectBall(user.id, ball.id)));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const balance = (await db().user.findUniqueOrThrow({ where: { id: user.id } })).energyBalance;
    expect(balance).toBe(262);
    expect((await ledgerTotals(user.id)).balance).toBe(262);
  });
});
