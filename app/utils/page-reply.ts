/**
 * What a page action answers (see pageAction): a message key to show, or the refusal's key, with
 * the parameters that fill it. Shared by the server and the components that show it.
 */
export type PageReply =
  | { ok: true; intent: string; message: string; params?: Record<string, string | number>; details?: unknown }
  | { ok: false; intent: string; error: string; params?: Record<string, string | number>; fieldErrors?: Record<string, string[]>; details?: unknown };

/** A refused reply's first problem for each field (forms show one under each input). */
export function fieldProblems(reply: PageReply | undefined): Record<string, string> {
  if (!reply || reply.ok || !reply.fieldErrors) return {};
  return Object.fromEntries(Object.entries(reply.fieldErrors).map(([field, problems]) => [field, problems[0]!]));
}

/** A refused reply as conform's last result, so a conform form shows the server's field problems. */
export function conformResult(reply: PageReply | undefined) {
  if (!reply || reply.ok || !reply.fieldErrors) return undefined;
  return { status: "error" as const, error: reply.fieldErrors };
}
