import { useTranslation } from "react-i18next";

/** "N of M registered households worked this year (P %)": the seed's ">30 % become growers", measured; nothing without households. Needs the "work" messages. */
export function HouseholdsAtWork({ worked, registered }: { worked: number; registered: number }) {
  const { t } = useTranslation();
  if (!registered) return null;
  const percent = Math.round((worked * 100) / registered);
  return <p data-testid="households-at-work">{worked ? t("work.atWork", { worked, registered, percent }) : t("work.noneAtWork", { registered })}</p>;
}
