// What the server and the browser share about messages; the messages themselves are in
// resources.server.ts (the server holds all of them; a page gets the sections it uses).

export const supportedLngs = ["zh", "en"] as const;
export type Locale = (typeof supportedLngs)[number];

/**
 * The message file's top-level sections, each its own i18next namespace holding `{ [section]:
 * messages }`, so keys keep their section in front (forest.refused.x) everywhere. `common` holds the sections every page
 * needs (the header, menus, errors); a route lists the others it shows in `handle.i18n`
 * (tests/unit/message-sections.test.ts checks the lists against what the route's code uses).
 */
export const COMMON_SECTIONS = ["app", "nav", "errors", "pager"] as const;
export const SECTIONS = [
  "home", "auth", "security", "stepUp", "species", "forest", "time", "demo", "energyPage", "feed", "friends", "projects", "redemption",
  "certificate", "teams", "share", "plots", "evidence", "visits", "guardianFeed", "area", "evidenceForm", "shop", "productForm", "households", "csv",
  "shareRule", "map", "notifications", "gifts", "projectOps", "projectForm", "ops", "audit", "payouts", "fund", "reconciliation", "statement", "receipt", "transparency", "publicLog", "photoCheck", "trace", "work",
] as const;
export type Section = (typeof SECTIONS)[number];

export const i18nConfig = {
  supportedLngs: [...supportedLngs],
  fallbackLng: "zh",
  defaultNS: "common",
  // A key not in `common` is looked up in its section's namespace.
  fallbackNS: [...SECTIONS],
  ns: ["common"],
  interpolation: { escapeValue: false },
};
