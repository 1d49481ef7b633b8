import { ENERGY_RULES } from "./rules";

export type BallState = "GROWING" | "RIPE" | "COLLECTED" | "EXPIRED";

export function ballState(
  ball: { status: "OPEN" | "COLLECTED" | "EXPIRED"; ripensAt: Date; expiresAt: Date },
  now: Date,
): BallState {
  if (ball.status !== "OPEN") return ball.status;
  if (now < ball.ripensAt) return "GROWING";
  if (now >= ball.expiresAt) return "EXPIRED";
  return "RIPE";
}

/** Milliseconds that `timeZone` is ahead of UTC at `instant`. */
function zoneOffsetMs(instant: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  }).formatToParts(instant);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const asUtc = Date.UTC(get("year"), get("month") - 1, get("day"), get("hour"), get("minute"), get("second"));
  return asUtc - Math.floor(instant.getTime() / 1000) * 1000;
}

/** A ball earned at `occurredAt` ripens at the ripening hour of the next local day. */
export function ripeningFor(occurredAt: Date, timeZone: string) {
  const local = new Date(occurredAt.getTime() + zoneOffsetMs(occurredAt, timeZone));
  const wallClock = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate() + 1, ENERGY_RULES.ripenHourLocal);
  // Correct with the offset in force at the ripening moment itself (it differs across a DST change).
  const firstGuess = wallClock - zoneOffsetMs(new Date(wallClock), timeZone);
  const ripensAt = new Date(wallClock - zoneOffsetMs(new Date(firstGuess), timeZone));
  const expiresAt = new Date(ripensAt.getTime() + ENERGY_RULES.ballLifetimeHours * 3600 * 1000);
  return { ripensAt, expiresAt };
}
