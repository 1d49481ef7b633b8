import { COMMON_SECTIONS, i18nConfig, SECTIONS } from "./config";
import { en } from "./en";
import { zh } from "./zh";

type Messages = typeof en;

function bundles(messages: Messages) {
  const common = Object.fromEntries(COMMON_SECTIONS.map((section) => [section, messages[section]]));
  return { common, ...Object.fromEntries(SECTIONS.map((section) => [section, { [section]: messages[section] }])) } as Record<string, Record<string, unknown>>;
}

export const resources = { zh: bundles(zh as Messages), en: bundles(en) };

/** The server's i18next options: every language and namespace loaded. */
export const serverI18nConfig = { ...i18nConfig, ns: ["common", ...SECTIONS], resources };
