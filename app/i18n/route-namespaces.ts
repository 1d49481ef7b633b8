import { useMatches } from "@remix-run/react";

/** The message namespaces of the routes on the page: `common` and each route's `handle.i18n`. */
export function useRouteNamespaces(): string[] {
  const wanted = useMatches().flatMap((match) => {
    const i18n = (match.handle as { i18n?: string | string[] } | undefined)?.i18n;
    return i18n === undefined ? [] : Array.isArray(i18n) ? i18n : [i18n];
  });
  return [...new Set(["common", ...wanted])];
}

/** The id of the script that carries a page's messages to the browser (root.tsx writes it, entry.client reads it). */
export const MESSAGES_SCRIPT_ID = "sapling-messages";

export type PageMessages = { lng: string; bundles: Record<string, Record<string, unknown>> };

/** What goes in that script: JSON, with "<" escaped so no message can end the script early. */
export const messagesJson = (messages: PageMessages) => JSON.stringify(messages).replace(/</g, "\\u003c");

const written = new Map<string, string>();

/**
 * That JSON for one language and set of sections, written once on the server (its messages never
 * change there; a page wrote them out afresh on every render). The browser, which loads sections
 * as it goes, always writes it afresh.
 */
export function pageMessagesJson(lng: string, namespaces: string[], bundles: () => PageMessages["bundles"]) {
  if (typeof document !== "undefined") return messagesJson({ lng, bundles: bundles() });
  const key = `${lng}|${namespaces.join(",")}`;
  let json = written.get(key);
  if (json === undefined) written.set(key, (json = messagesJson({ lng, bundles: bundles() })));
  return json;
}
