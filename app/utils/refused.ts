/**
 * The one refusal type: a domain rule said no. `code` is snake_case and names the message
 * (`<the operation's messages>.<code>` in app/i18n); `params` fill it. Operations declare which
 * codes they give and with what HTTP status (see operation.server.ts).
 */
export class Refused<Code extends string = string> extends Error {
  constructor(
    readonly code: Code,
    readonly params: Record<string, string | number> = {},
    /** Several problems at once (a file's, a form's), each `{ code, params }` under the page's own messages. */
    readonly details?: unknown,
  ) {
    super(code);
  }

  /** The message saying it, when not the operation's own (`<its messages>.<code>`): set by subclasses. */
  get messageKey(): string | undefined {
    return undefined;
  }

  /** The same code, under the name the domains used before there was one type. */
  get reason(): Code {
    return this.code;
  }
}
