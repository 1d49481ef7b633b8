import type { Submission } from "@conform-to/react";
import { json } from "@remix-run/node";
import {
  RateLimiterMemory,
  RateLimiterPostgres,
  RateLimiterRedis,
  RateLimiterRes,
  type RateLimiterAbstract,
} from "rate-limiter-flexible";
import { pool } from "~/db/client.server";
import { newRedisConnection } from "~/queue/queues.server";
import { env } from "./env.server";
import { logContext } from "./logger.server";
import { singleton } from "./singleton.server";

// Limits on how often one client, account or partner may ask (docs/decisions/018-rate-limits.md).
// Counters live where every web process sees them: Redis when REDIS_URL is set, else PostgreSQL
// (one unlogged table, "RateLimit"); rate-limiter-flexible 11 does both. If Redis cannot be reached
// each process counts in memory meanwhile, rather than letting everything through or nothing.

export type Rule = {
  /** Names the counter (part of its keys). */
  name: string;
  points: number;
  /** The window, in seconds. */
  duration: number;
  /** Once every point is used, refused for this long (seconds) from then, whatever is left of the window. */
  blockDuration?: number;
};

/** Deployment defaults (ours); the general ceiling and the partners' rate come from the environment. */
export const RULES = {
  /** Every request of one address, pages and API together. */
  general: (): Rule => ({ name: "ip", points: env().RATE_LIMIT_PER_MINUTE, duration: 60 }),
  /** Sign-in attempts from one address, whatever their outcome (a shared NAT is many people). */
  loginAttemptsByIp: (): Rule => ({ name: "login-ip", points: env().RATE_LIMIT_LOGINS_PER_MINUTE, duration: 60 }),
  /** Failed sign-ins from one address in a day: slows a guesser spreading over many accounts. */
  loginFailuresByIp: { name: "login-ip-day", points: 200, duration: 24 * 3600, blockDuration: 24 * 3600 },
  /** Failed sign-ins to one account from everywhere in a day: slows a guesser spreading over many addresses. */
  loginFailuresByAccount: { name: "login-account-day", points: 100, duration: 24 * 3600, blockDuration: 3600 },
  /** New accounts from one address in an hour. */
  signupsByIp: (): Rule => ({ name: "signup-ip", points: env().RATE_LIMIT_SIGNUPS_PER_HOUR, duration: 3600 }),
  /** Actions one partner key may post a minute. */
  partner: (): Rule => ({ name: "partner", points: env().RATE_LIMIT_PARTNER_PER_MINUTE, duration: 60 }),
  /** Webhook deliveries from one address a minute (Stripe sends bursts after an outage). */
  webhooksByIp: { name: "webhook-ip", points: 600, duration: 60 },
  /** Unknown receipt codes asked for by one address in an hour: a household mistypes a few; a guesser is stopped for the hour. */
  receiptMissesByIp: (): Rule => ({ name: "receipt-miss-ip", points: env().RATE_LIMIT_RECEIPT_MISSES_PER_HOUR, duration: 3600, blockDuration: 3600 }),
} satisfies Record<string, Rule | (() => Rule)>;

/** A refusal: wait this many seconds. The web server answers it with 429 and Retry-After. */
export class RateLimited extends Error {
  constructor(
    readonly rule: string,
    readonly retryAfterSeconds: number,
  ) {
    super(`rate limited (${rule}): retry after ${retryAfterSeconds} s`);
    this.name = "RateLimited";
  }
}

function store(rule: Rule): RateLimiterAbstract {
  return singleton(`rate-limiter:${rule.name}:${rule.points}:${rule.duration}`, () => {
    const options = { keyPrefix: `${env().QUEUE_PREFIX}:rl:${rule.name}`, points: rule.points, duration: rule.duration };
    if (env().REDIS_URL) {
      // Its own connection: a command fails at once while Redis is away (the queues' connection waits).
      const redis = singleton("rate-limit-redis", () => newRedisConnection({ enableOfflineQueue: false, maxRetriesPerRequest: 1 }));
      return new RateLimiterRedis({ ...options, storeClient: redis, rejectIfRedisNotReady: true, insuranceLimiter: new RateLimiterMemory(options) });
    }
    // The table is made by a migration; every limiter shares it (keys carry the rule's name).
    return new RateLimiterPostgres({ ...options, storeClient: pool(), storeType: "pool", tableName: "RateLimit", tableCreated: true, clearExpiredByTimeout: true });
  });
}

const seconds = (res: RateLimiterRes) => Math.max(1, Math.ceil(res.msBeforeNext / 1000));

/** Counts one (or `points`) against `key` under `rule`: the points used so far; throws RateLimited when over. */
export async function consume(rule: Rule, key: string, points = 1): Promise<number> {
  if (rule.points <= 0) return 0;
  try {
    const { consumedPoints } = await store(rule).consume(key, points);
    if (rule.blockDuration && consumedPoints >= rule.points) await store(rule).block(key, rule.blockDuration);
    return consumedPoints;
  } catch (error) {
    if (error instanceof RateLimiterRes) throw new RateLimited(rule.name, seconds(error));
    throw error;
  }
}

/** Throws RateLimited if `key` is over `rule` now, without counting anything. */
export async function check(rule: Rule, key: string): Promise<void> {
  if (rule.points <= 0) return;
  const res = await store(rule).get(key);
  if (res && res.consumedPoints > rule.points) throw new RateLimited(rule.name, seconds(res));
}

/** Refuses `key` under `rule` for `blockSeconds` from now. */
export async function block(rule: Rule, key: string, blockSeconds: number): Promise<void> {
  await store(rule).block(key, blockSeconds);
}

export async function forget(rule: Rule, key: string): Promise<void> {
  await store(rule).delete(key);
}

/** The address of the client being served (set by app/server/web.ts for every request). */
export function clientIp(): string {
  return logContext.getStore()?.ip ?? "unknown";
}

/**
 * A sign-in or sign-up form refused for now: conform's reply (the password not sent back) with how
 * long to wait, shown by <TooManyTries>; 429 with Retry-After.
 */
export function tooManyTries(submission: Submission<unknown>, limited: RateLimited) {
  return json(
    { ...submission.reply({ hideFields: ["password"] }), waitSeconds: limited.retryAfterSeconds },
    { status: 429, headers: { "Retry-After": String(limited.retryAfterSeconds) } },
  );
}
