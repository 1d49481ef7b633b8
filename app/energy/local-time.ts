import { dateTimeFormat } from "../utils/formats";

/** Milliseconds that `timeZone` is ahead of UTC at `instant`. */
const DAY_MS = 24 * 3600 * 1000;

export function zoneOffsetMs(instant: Date, timeZone: string): number {
  const parts = dateTimeFormat("en-US", {
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

/** The local calendar day, "YYYY-MM-DD", of `instant` in `timeZone`. */
export function localDay(instant: Date, timeZone: string): string {
  return new Date(instant.getTime() + zoneOffsetMs(instant, timeZone)).toISOString().slice(0, 10);
}

/** The local month, "YYYY-MM". */
export function localMonth(instant: Date, timeZone: string): string {
  return localDay(instant, timeZone).slice(0, 7);
}

/** The day before a "YYYY-MM-DD" day. */
export function previousDay(day: string): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() - 1);
  return date.toISOString().slice(0, 10);
}

/**
 * The instant a wall-clock time "YYYY-MM-DDTHH:mm" names in `timeZone`. Around a DST change, a
 * time that happens twice (clocks set back) is its first occurrence, and a time that never
 * happens (clocks set forward) is moved later by the gap, as calendars do.
 */
export function instantOfWallTime(wallTime: string, timeZone: string): Date {
  const asUtc = new Date(`${wallTime}:00Z`).getTime();
  // A zone changes its offset at most once within a day either side: the offsets before and after.
  const before = zoneOffsetMs(new Date(asUtc - DAY_MS), timeZone);
  const after = zoneOffsetMs(new Date(asUtc + DAY_MS), timeZone);
  const candidates = [asUtc - before, asUtc - after].filter((t) => wallTimeOf(new Date(t), timeZone) === wallTime);
  return new Date(candidates.length ? Math.min(...candidates) : asUtc - before);
}

/** The wall-clock time "YYYY-MM-DDTHH:mm" of `instant` in `timeZone`, as a datetime-local input wants it. */
export function wallTimeOf(instant: Date, timeZone: string): string {
  return new Date(instant.getTime() + zoneOffsetMs(instant, timeZone)).toISOString().slice(0, 16);
}

/** The first instant of the local day of `instant`, or of its local week (weeks start on Monday). */
export function startOfLocal(period: "day" | "week", instant: Date, timeZone: string): Date {
  const day = localDay(instant, timeZone);
  const date = new Date(`${day}T00:00:00Z`);
  if (period === "week") date.setUTCDate(date.getUTCDate() - ((date.getUTCDay() + 6) % 7));
  return instantOfWallTime(`${date.toISOString().slice(0, 10)}T00:00`, timeZone);
}
