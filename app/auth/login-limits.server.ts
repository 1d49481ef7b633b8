import { block, check, clientIp, consume, forget, RateLimited, RULES, type Rule } from "~/utils/rate-limit.server";

// Guessing passwords is slowed three ways (docs/decisions/018-rate-limits.md): per address and
// account together, a lockout that grows with each failure past the first few (1 minute, 2, 4, …
// up to an hour) and ends with a success; per address, a ceiling on attempts a minute and failures
// a day; per account, a ceiling on failures a day from everywhere. All are checked before the
// password is (an argon2 hash costs the server ~50 ms), and an unknown email counts like a known one.

export const FREE_FAILURES = 5;
export const LONGEST_LOCKOUT_SECONDS = 3600;

/** Failures in a row from one address to one account (a counter: never refuses by itself). */
const FAILURES: Rule = { name: "login-fails", points: 1_000_000, duration: 24 * 3600 };
/** The lockout itself: set by block(), read by check(). */
const LOCKOUT: Rule = { name: "login-lock", points: 1, duration: 1 };

const pairKey = (email: string) => `${email}\n${clientIp()}`;

export function lockoutSeconds(failures: number): number {
  if (failures < FREE_FAILURES) return 0;
  return Math.min(60 * 2 ** (failures - FREE_FAILURES), LONGEST_LOCKOUT_SECONDS);
}

/** Throws RateLimited when this attempt may not be made now. */
export async function beforeLogin(email: string): Promise<void> {
  const ip = clientIp();
  await consume(RULES.loginAttemptsByIp(), ip);
  await check(RULES.loginFailuresByIp, ip);
  await check(RULES.loginFailuresByAccount, email);
  await check(LOCKOUT, pairKey(email));
}

const counted = (count: Promise<number>) => count.catch((error) => (error instanceof RateLimited ? undefined : Promise.reject(error)));

export async function afterFailedLogin(email: string): Promise<void> {
  const ip = clientIp();
  // Over a ceiling is noticed by the next attempt's check.
  await Promise.all([counted(consume(RULES.loginFailuresByIp, ip)), counted(consume(RULES.loginFailuresByAccount, email))]);
  const lock = lockoutSeconds(await consume(FAILURES, pairKey(email)));
  if (lock > 0) await block(LOCKOUT, pairKey(email), lock);
}

export async function afterLogin(email: string): Promise<void> {
  await Promise.all([forget(FAILURES, pairKey(email)), forget(LOCKOUT, pairKey(email))]);
}
