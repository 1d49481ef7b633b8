import type { SubmissionResult } from "@conform-to/react";

/**
 * What a page action answers (see pageAction): a message key to show, or the refusal's key, with
 * the parameters that fill it. Shared by the server and the components that show it.
 */
export type PageReply =
  | { ok: true; intent: string; message: string; params?: Record<string, string | number>; details?: unknown; conform?: SubmissionResult<string[]> }
  | { ok: false; intent: string; error: string; params?: Record<string, string | number>; fieldErrors?: Record<string, string[]>; details?: unknown; conform?: SubmissionResult<string[]> };

/** A refused reply's first problem for each field (forms show one under each input). */
export function fieldProblems(reply: PageReply | undefined): Record<string, string> {
  if (!reply || reply.ok || !reply.fieldErrors) return {};
  return Object.fromEntries(Object.entries(reply.fieldErrors).map(([field, problems]) => [field, problems[0]!]));
}

/** The reply as conform's last result (for useForm), when the intent was parsed as conform parses. */
export const conformResult = (reply: PageReply | undefined) => reply?.conform;
