import { createInstance } from "i18next";
import type { Locale } from "./config";
import { serverI18nConfig } from "./resources.server";

// Texts written outside a page (the API's answers, mail), from the same message files as the
// pages, interpolations filled.
const instances = Object.fromEntries(
  (["zh", "en"] as const).map((lng) => {
    const instance = createInstance();
    void instance.init({ ...serverI18nConfig, lng, initImmediate: false });
    return [lng, instance];
  }),
) as Record<Locale, ReturnType<typeof createInstance>>;

/** A message of the language's file by key; a text that is not a key comes back as it is. */
export function textIn(lng: Locale, key: string, params: Record<string, unknown> = {}): string {
  return instances[lng].t(key, params);
}

/** The API answers in English. */
export function englishText(key: string, params: Record<string, unknown> = {}): string {
  return textIn("en", key, params);
}
