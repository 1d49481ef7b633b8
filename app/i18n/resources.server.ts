import { COMMON_SECTIONS, i18nConfig, SECTIONS } from "./config";
import { en } from "./en";
import { zh } from "./zh";

type Messages = typeof en;

// Each section is its own namespace (a page sends the browser only those it uses); on the server,
// where all of them are loaded, `all` holds every section too, so that a key is found in one
// lookup rather than by trying `common` and then each of some thirty sections in turn.
function bundles(messages: Messages) {
  const common = Object.fromEntries(COMMON_SECTIONS.map((section) => [section, messages[section]]));
  return { all: messages, common, ...Object.fromEntries(SECTIONS.map((section) => [section, { [section]: messages[section] }])) } as Record<
    string,
    Record<string, unknown>
  >;
}

export const resources = { zh: bundles(zh as Messages), en: bundles(en) };

/** The server's i18next options: every language and namespace loaded. */
export const serverI18nConfig = { ...i18nConfig, ns: ["all", "common", ...SECTIONS], defaultNS: "all", fallbackNS: false as const, resources };
