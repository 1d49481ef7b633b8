import { useTranslation } from "react-i18next";
import { dateTimeFormat } from "~/utils/formats";

/**
 * Formats in an explicit time zone so server and browser render the same text; a date in another
 * year than this one says its year (DESIGN: "dates say the year when it is not this year").
 */
export function useDateTime(timeZone: string) {
  const { i18n } = useTranslation();
  const locale = i18n.language === "en" ? "en-GB" : "zh-CN";
  const options = { timeZone, month: "short", day: "numeric", hour: "2-digit", minute: "2-digit" } as const;
  const format = dateTimeFormat(locale, options);
  const withYear = dateTimeFormat(locale, { ...options, year: "numeric" });
  const yearOf = dateTimeFormat("en-GB", { timeZone, year: "numeric" });
  const thisYear = yearOf.format(new Date());
  return (iso: string) => {
    const date = new Date(iso);
    return (yearOf.format(date) === thisYear ? format : withYear).format(date);
  };
}
