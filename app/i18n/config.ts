import { en } from "./en";
import { zh } from "./zh";

export const supportedLngs = ["zh", "en"] as const;
export type Locale = (typeof supportedLngs)[number];

export const i18nConfig = {
  supportedLngs: [...supportedLngs],
  fallbackLng: "zh",
  defaultNS: "common",
  ns: ["common"],
  resources: { zh: { common: zh }, en: { common: en } },
  interpolation: { escapeValue: false },
};
