import { zoneOffsetMs } from "./local-time";
import { ENERGY_RULES } from "./rules";

export type BallState = "GROWING" | "RIPE" | "COLLECTED" | "EXPIRED";

export type BallStatus = "OPEN" | "COLLECTED" | "EXPIRED" | "HELD" | "REJECTED";

export function ballState(ball: { status: BallStatus; ripensAt: Date; expiresAt: Date }, now: Date): BallState {
  if (ball.status === "COLLECTED") return "COLLECTED";
  // Expired, or not energy (held for review, rejected): nothing to take from.
  if (ball.status !== "OPEN") return "EXPIRED";
  if (now < ball.ripensAt) return "GROWING";
  if (now >= ball.expiresAt) return "EXPIRED";
  return "RIPE";
}

/** A ball earned at `occurredAt` ripens at the ripening hour of the next local day. */
export function ripeningFor(occurredAt: Date, timeZone: string = ENERGY_RULES.ripeningTimeZone) {
  const local = new Date(occurredAt.getTime() + zoneOffsetMs(occurredAt, timeZone));
  const wallClock = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate() + 1, ENERGY_RULES.ripenHourLocal);
  // Correct with the offset in force at the ripening moment itself (it differs across a DST change).
  const firstGuess = wallClock - zoneOffsetMs(new Date(wallClock), timeZone);
  const ripensAt = new Date(wallClock - zoneOffsetMs(new Date(firstGuess), timeZone));
  const expiresAt = new Date(ripensAt.getTime() + ENERGY_RULES.ballLifetimeHours * 3600 * 1000);
  return { ripensAt, expiresAt };
}

export function isExpiringSoon(expiresAt: Date, now: Date): boolean {
  return expiresAt.getTime() - now.getTime() <= ENERGY_RULES.expiringSoonHours * 3600 * 1000;
}
