import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { authenticate } from "~/auth/accounts.server";
import { requestSignup } from "~/auth/signup.server";
import { FREE_FAILURES, LONGEST_LOCKOUT_SECONDS, lockoutSeconds } from "~/auth/login-limits.server";
import { signupSchema } from "~/auth/schemas";
import { logContext } from "~/utils/logger.server";
import { consume, forget, RateLimited, RULES } from "~/utils/rate-limit.server";
import { signedUp } from "../support/factories";

// Guessing passwords, against the real counters in Redis (this suite's REDIS_URL). The same rules
// on PostgreSQL's table, through the web server, are in tests/e2e/rate-limits.test.ts.

const PASSWORD = "a garden of sea buckthorn";
let addressCounter = 0;
/** A client address of this test's own, so no test shares another's counters. */
const newAddress = () => `198.51.100.${++addressCounter}-${randomBytes(2).toString("hex")}`;
const from = <T>(ip: string, work: () => Promise<T>) => logContext.run({ ip }, work);

async function account() {
  const input = signupSchema.parse({ email: `guess-${randomBytes(4).toString("hex")}@example.com`, password: PASSWORD, displayName: "Target" });
  return { ...(await signedUp(input)), email: input.email };
}

async function refusal(work: Promise<unknown>): Promise<RateLimited> {
  const error = await work.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(RateLimited);
  return error as RateLimited;
}

describe("guessing passwords", () => {
  it("locks one address out of one account after a few failures, for longer after each further one, until a success", async () => {
    const { id, email } = await account();
    const ip = newAddress();
    for (let i = 0; i < FREE_FAILURES; i++) expect(await from(ip, () => authenticate({ email, password: `guess ${i}` }))).toBeNull();
    // Locked: even the right password is not looked at.
    const first = await refusal(from(ip, () => authenticate({ email, password: PASSWORD })));
    expect(first.retryAfterSeconds).toBeGreaterThan(50);
    expect(first.retryAfterSeconds).toBeLessThanOrEqual(60);
    // The owner, elsewhere, is not locked out by someone else's guessing.
    expect(await from(newAddress(), () => authenticate({ email, password: PASSWORD }))).toEqual({ id });

    // The minute passes (the lock is lifted as its expiry would); the next failure locks for two.
    await forget({ name: "login-lock", points: 1, duration: 1 }, `${email}\n${ip}`);
    expect(await from(ip, () => authenticate({ email, password: "guess again" }))).toBeNull();
    const second = await refusal(from(ip, () => authenticate({ email, password: PASSWORD })));
    expect(second.retryAfterSeconds).toBeGreaterThan(110);
    expect(second.retryAfterSeconds).toBeLessThanOrEqual(120);

    // After it, a success clears the slate: the next mistake is a free one again.
    await forget({ name: "login-lock", points: 1, duration: 1 }, `${email}\n${ip}`);
    expect(await from(ip, () => authenticate({ email, password: PASSWORD }))).toEqual({ id });
    expect(await from(ip, () => authenticate({ email, password: "typo" }))).toBeNull();
    expect(await from(ip, () => authenticate({ email, password: PASSWORD }))).toEqual({ id });
  });

  it("grows the lockout from a minute, doubling, up to an hour", () => {
    expect([4, 5, 6, 7, 8, 10, 11, 12, 40].map(lockoutSeconds)).toEqual([0, 60, 120, 240, 480, 1920, 3600, 3600, 3600]);
    expect(lockoutSeconds(1_000)).toBe(LONGEST_LOCKOUT_SECONDS);
  });

  it("treats an email nobody has like one somebody has", async () => {
    const ip = newAddress();
    const email = `nobody-${randomBytes(4).toString("hex")}@example.com`;
    for (let i = 0; i < FREE_FAILURES; i++) expect(await from(ip, () => authenticate({ email, password: PASSWORD }))).toBeNull();
    await refusal(from(ip, () => authenticate({ email, password: PASSWORD })));
  });

  it("stops a guesser spread over many addresses at the account's daily ceiling, and one spread over many accounts at the address's", async () => {
    const { email } = await account();
    const rule = RULES.loginFailuresByAccount;
    // As if all but one of the day's failures had come from other addresses, each under its own lockout.
    await consume(rule, email, rule.points - 1);
    expect(await from(newAddress(), () => authenticate({ email, password: "the last guess" }))).toBeNull();
    const spread = await refusal(from(newAddress(), () => authenticate({ email, password: PASSWORD })));
    expect(spread.rule).toBe(rule.name);
    expect(spread.retryAfterSeconds).toBeGreaterThan(3500);

    const ip = newAddress();
    const perAddress = RULES.loginFailuresByIp;
    await consume(perAddress, ip, perAddress.points - 1);
    expect(await from(ip, () => authenticate({ email: `spray-${randomBytes(3).toString("hex")}@example.com`, password: PASSWORD }))).toBeNull();
    const sprayed = await refusal(from(ip, () => authenticate({ email: `fresh-${randomBytes(3).toString("hex")}@example.com`, password: PASSWORD })));
    expect(sprayed.rule).toBe(perAddress.name);
  });

  it("limits how many accounts one address opens in an hour", async () => {
    const ip = newAddress();
    const limit = RULES.signupsByIp().points;
    const signup = (n: number) =>
      from(ip, () => requestSignup(signupSchema.parse({ email: `many-${n}-${randomBytes(3).toString("hex")}@example.com`, password: PASSWORD, displayName: `M${n}` }), "https://sapling.test"));
    await consume(RULES.signupsByIp(), ip, limit - 1);
    await signup(0);
    const refused = await refusal(signup(limit));
    expect(refused.retryAfterSeconds).toBeGreaterThan(3500);
  });
});
