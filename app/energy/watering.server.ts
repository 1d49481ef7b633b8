import { Prisma } from "@prisma/client";
import { db } from "~/db/client.server";
import { areFriends } from "./friends.server";
import { lockUsers, writeEntries } from "./ledger.server";
import { localDay } from "./local-time";
import { ENERGY_RULES } from "./rules";
import { Refused } from "~/utils/refused";
import { notify } from "~/notifications/notify.server";

export type WaterRefusal = "invalid_amount" | "not_friends" | "daily_limit" | "insufficient_energy";

export class WaterRefused extends Refused<WaterRefusal> {}

/** How many more times the giver may water this friend today (their own local day). */
export async function wateringsLeftToday(giverId: string, receiverId: string) {
  const giver = await db().user.findUniqueOrThrow({ where: { id: giverId }, select: { timeZone: true } });
  const done = await db().watering.count({ where: { giverId, receiverId, day: localDay(new Date(), giver.timeZone) } });
  return Math.max(0, ENERGY_RULES.watering.perFriendPerDay - done);
}

/**
 * Gives a friend energy from the giver's balance. The (giver, friend, local day, seq) key is
 * unique, so even simultaneous waterings cannot pass the daily limit.
 */
export async function waterFriend(giverId: string, receiverId: string, grams: number) {
  if (!(ENERGY_RULES.watering.amounts as readonly number[]).includes(grams)) throw new WaterRefused("invalid_amount");
  if (giverId === receiverId || !(await areFriends(giverId, receiverId))) throw new WaterRefused("not_friends");
  const giver = await db().user.findUniqueOrThrow({ where: { id: giverId }, select: { timeZone: true } });
  const day = localDay(new Date(), giver.timeZone);
  try {
    return await db().$transaction(async (tx) => {
      const seq = (await tx.watering.count({ where: { giverId, receiverId, day } })) + 1;
      if (seq > ENERGY_RULES.watering.perFriendPerDay) throw new WaterRefused("daily_limit");
      await lockUsers(tx, [giverId, receiverId]);
      const debited = await tx.$queryRaw<{ energyBalance: number }[]>`
        UPDATE "User" SET "energyBalance" = "energyBalance" - ${grams}
        WHERE id = ${giverId} AND "energyBalance" >= ${grams} RETURNING "energyBalance"`;
      if (!debited[0]) throw new WaterRefused("insufficient_energy");
      const watering = await tx.watering.create({ data: { giverId, receiverId, day, seq, grams } });
      await writeEntries(tx, [
        { userId: giverId, account: "BALANCE", kind: "WATER", grams: -grams, idempotencyKey: `water:${watering.id}:out`, counterpartId: receiverId },
        { userId: receiverId, account: "BALANCE", kind: "WATER", grams, idempotencyKey: `water:${watering.id}`, counterpartId: giverId },
      ]);
      await tx.user.update({ where: { id: receiverId }, data: { energyBalance: { increment: grams } } });
      await tx.activity.createMany({
        data: [
          { userId: receiverId, actorId: giverId, kind: "WATERED", grams },
          { userId: giverId, actorId: receiverId, kind: "GAVE_WATER", grams },
        ],
      });
      await notify(tx, { kind: "watered", key: `water-${watering.id}`, to: [receiverId], params: { actorId: giverId, grams, href: "/forest" } });
      return { grams, balance: debited[0].energyBalance };
    });
  } catch (error) {
    // Another watering took this seq at the same moment: the limit check runs again with it counted.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") return waterFriend(giverId, receiverId, grams);
    throw error;
  }
}
