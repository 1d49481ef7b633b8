import { useTranslation } from "react-i18next";
import { numberFormat } from "~/utils/formats";

/** "60,296 g" / "60,296 克": grouped digits in the reader's language. */
export function useGrams() {
  const { t, i18n } = useTranslation();
  const number = numberFormat(i18n.language);
  return (grams: number) => t("forest.grams", { count: number.format(grams) as unknown as number });
}
