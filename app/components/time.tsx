import { useTranslation } from "react-i18next";
import { dateTimeFormat } from "~/utils/formats";

/** Formats in an explicit time zone so server and browser render the same text. */
export function useDateTime(timeZone: string) {
  const { i18n } = useTranslation();
  const format = dateTimeFormat(i18n.language === "en" ? "en-GB" : "zh-CN", {
    timeZone,
    month: "short",
    day: "numeric",
    hour: "2-digit",
    minute: "2-digit",
  });
  return (iso: string) => format.format(new Date(iso));
}
