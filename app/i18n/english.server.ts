import { createInstance } from "i18next";
import { serverI18nConfig } from "./resources.server";

// The API answers in English, from the same message file as the pages, interpolations filled.
const english = createInstance();
void english.init({ ...serverI18nConfig, lng: "en", initImmediate: false });

/** A message of app/i18n/en.ts by key; a text that is not a key comes back as it is. */
export function englishText(key: string, params: Record<string, unknown> = {}): string {
  return english.t(key, params);
}
