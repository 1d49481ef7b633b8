/**
 * Something to tell a person, as a message key (app/i18n) and its parameters; it is translated
 * where it is shown, so domain code never writes English for people.
 */
export type Message = { key: string; params?: Record<string, string | number> };

export const say = (key: string, params?: Message["params"]): Message => (params ? { key, params } : { key });
