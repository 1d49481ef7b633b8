import { z } from "zod";

const booleanFlag = z
  .enum(["true", "false", "1", "0"], { message: 'must be "true" or "false"' })
  .transform((value) => value === "true" || value === "1");

const postgresUrl = z
  .string()
  .url("must be a URL such as postgresql://user@host:5432/sapling")
  .refine((url) => /^postgres(ql)?:\/\//.test(url), "must start with postgresql://");

const redisUrl = z
  .string()
  .url("must be a URL such as redis://127.0.0.1:6379")
  .refine((url) => /^rediss?:\/\//.test(url), "must start with redis:// or rediss://");

const schema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    PORT: z.coerce.number({ invalid_type_error: "must be a port number" }).int().min(0).max(65535).default(3000),
    HOST: z.string().default("0.0.0.0"),
    DATABASE_URL: postgresUrl,
    // A streaming replica for reads that may be a second old (public figures, certificates): see reader().
    DATABASE_REPLICA_URL: postgresUrl.optional(),
    REDIS_URL: redisUrl.optional(),
    // REDIS_URL is one node of a Redis Cluster (the others are found from it): the queues' keys are
    // then hash-tagged ({QUEUE_PREFIX}), as BullMQ requires, so each queue's keys share a slot.
    REDIS_CLUSTER: booleanFlag.default("false"),
    // Connections each process keeps to PostgreSQL (web processes × this + workers × this ≤ max_connections).
    DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
    // Namespace of this deployment's queues (BullMQ prefix on Redis, schema on PostgreSQL).
    QUEUE_PREFIX: z.string().regex(/^[a-z][a-z0-9_]*$/, "must be lower-case letters, digits and _").default("sapling"),
    // Required by the web process only (see requireWebEnv); workers and scripts do without.
    SESSION_SECRET: z.string().min(32, "must be at least 32 characters (use: openssl rand -hex 32)").optional(),
    COOKIE_SECURE: booleanFlag.optional(),
    LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
    WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(200).default(8),
    // How long a worker's hold on a job lasts unrenewed: a killed worker's jobs run again after it.
    WORKER_LOCK_MS: z.coerce.number().int().min(1000).max(600_000).default(30_000),
    OUTBOX_POLL_MS: z.coerce.number().int().min(10).max(60_000).default(200),
    DEMO_MODE: booleanFlag.default("false"),
    // How long a public page rendered for someone not signed in is served to others from memory (0: never).
    PAGE_CACHE_MS: z.coerce.number().int().min(0).max(60_000).default(1_000),
    // A MapLibre style (JSON) drawn under the projects' land on interactive maps; unset, plain ground
    // and nothing fetched from elsewhere. Its origin is allowed by the Content Security Policy.
    MAP_STYLE_URL: z.string().url("must be a URL such as https://tiles.example/styles/basic.json").optional(),
    // Where people reach the site (for links printed on certificates); defaults to the request's origin.
    PUBLIC_URL: z.string().url("must be a URL such as https://sapling.example").optional(),
    // Without a secret key, payments go through the sandbox: a local checkout page, no money moves.
    STRIPE_SECRET_KEY: z.string().regex(/^(sk|rk)_(test|live)_/, "must be a Stripe secret key (sk_test_... or sk_live_...)").optional(),
    STRIPE_WEBHOOK_SECRET: z.string().startsWith("whsec_", "must be a webhook signing secret (whsec_...)").optional(),
    // Another address for the Stripe API: the tests' local fake.
    STRIPE_API_BASE: z.string().url("must be a URL such as http://127.0.0.1:12111").optional(),
    // Requests one client address may make a minute, every page and endpoint together (0: no ceiling).
    // Generous: behind a carrier's NAT many people share one address. Sign-in has its own limits.
    RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(0).max(1_000_000).default(3_000),
    // Sign-in attempts and new accounts one client address may make (a shared NAT is many people).
    RATE_LIMIT_LOGINS_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(60),
    RATE_LIMIT_SIGNUPS_PER_HOUR: z.coerce.number().int().min(1).max(1_000_000).default(20),
    // Unknown receipt codes one address may ask for in an hour before it is refused for the hour.
    RATE_LIMIT_RECEIPT_MISSES_PER_HOUR: z.coerce.number().int().min(1).max(1_000_000).default(20),
    // Actions one partner key may post a minute.
    RATE_LIMIT_PARTNER_PER_MINUTE: z.coerce.number().int().min(1).max(10_000_000).default(6_000),
    // Which proxies' X-Forwarded-For to believe for the client's address (Express's "trust proxy":
    // a number of hops, "loopback", or addresses); unset, the connection's own address counts.
    TRUST_PROXY: z.string().max(500).optional(),
    // Where mail goes out (nodemailer's URL form: smtp://user:pass@host:587, smtps://...); unset,
    // nothing is sent (the demo shows its mail at /demo/mailbox).
    SMTP_URL: z.string().url("must be a URL such as smtps://user:password@smtp.example.com:465").refine((url) => /^smtps?:\/\//.test(url), "must start with smtp:// or smtps://").optional(),
    MAIL_FROM: z.string().max(200).default("树苗 Sapling <no-reply@sapling.example>"),
    // First wait before a failed payout transfer is tried again; it doubles on each of 5 attempts.
    PAYOUT_RETRY_DELAY_MS: z.coerce.number().int().min(10).max(3_600_000).default(30_000),
    // Days after a payout is paid before it goes on the operators' call list if its household has
    // not confirmed receipt (docs/decisions/025-household-receipts.md).
    RECEIPT_CALL_AFTER_DAYS: z.coerce.number().int().min(1).max(365).default(14),
  })
  .refine((env) => !env.STRIPE_SECRET_KEY || env.STRIPE_WEBHOOK_SECRET, {
    message: "STRIPE_WEBHOOK_SECRET is required with STRIPE_SECRET_KEY (events from Stripe must be verified)",
    path: ["STRIPE_WEBHOOK_SECRET"],
  })
  .transform((env) => ({ ...env, COOKIE_SECURE: env.COOKIE_SECURE ?? env.NODE_ENV === "production" }));

export type Env = z.infer<typeof schema>;

export class EnvError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid environment:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "EnvError";
  }
}

export function parseEnv(source: Record<string, string | undefined>): Env {
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== ""));
  const result = schema.safeParse(cleaned);
  if (!result.success) {
    throw new EnvError(
      result.error.issues.map((issue) => {
        const name = issue.path.join(".");
        const message = issue.code === "invalid_type" && issue.received === "undefined" ? "is required" : issue.message;
        return `${name} ${message}`;
      }),
    );
  }
  return result.data;
}

let cached: Env | undefined;

// Read lazily: the demo launcher fills DATABASE_URL and SESSION_SECRET before anything asks.
export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

/** What the web process needs beyond the common variables; checked when it starts. */
export function requireWebEnv(): Env & { SESSION_SECRET: string } {
  const current = env();
  if (!current.SESSION_SECRET) throw new EnvError(["SESSION_SECRET is required by the web process"]);
  return current as Env & { SESSION_SECRET: string };
}

/** Tests and the demo launcher change process.env after start; this drops the parsed copy. */
export function resetEnvCache() {
  cached = undefined;
}

/** Where people reach this site, for links that leave it (mail, paper): PUBLIC_URL, else this host. */
export const publicOrigin = (request?: Request) => (env().PUBLIC_URL ?? (request ? new URL(request.url).origin : `http://localhost:${env().PORT}`)).replace(/\/$/, "");
