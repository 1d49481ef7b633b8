import { dateTimeFormat } from "~/utils/formats";

// A certificate's issue date, said the same way on its page, its image and its poster: the day in
// the project's time zone (not the server's, not UTC), with the year, and the zone named.

const ZONE_NAMES: Record<string, { zh: string; en: string }> = { "Asia/Shanghai": { zh: "北京时间", en: "Beijing time" } };

export function issueDate(iso: string, timeZone: string, lng: "zh" | "en"): string {
  const day = dateTimeFormat(lng === "en" ? "en-GB" : "zh-CN", { timeZone, year: "numeric", month: "long", day: "numeric" }).format(new Date(iso));
  const zone = ZONE_NAMES[timeZone]?.[lng] ?? timeZone;
  return lng === "en" ? `${day} (${zone})` : `${day}（${zone}）`;
}
