import { describe, expect, it } from "vitest";
import { EnvError, parseEnv, requireWebEnv, resetEnvCache } from "~/utils/env.server";

const valid = {
  DATABASE_URL: "postgresql://postgres@127.0.0.1:5432/sapling",
  SESSION_SECRET: "x".repeat(32),
};

describe("environment validation", () => {
  it("fills defaults and secures cookies in production", () => {
    const env = parseEnv({ ...valid, NODE_ENV: "production" });
    expect(env).toMatchObject({ PORT: 3000, COOKIE_SECURE: true, QUEUE_PREFIX: "sapling" });
    expect(env.REDIS_URL).toBeUndefined();
    expect(parseEnv({ ...valid, NODE_ENV: "production", COOKIE_SECURE: "false" }).COOKIE_SECURE).toBe(false);
  });

  it("names every missing or malformed variable and what is wrong with it", () => {
    let error: unknown;
    try {
      parseEnv({ DATABASE_URL: "mysql://db/x", SESSION_SECRET: "short", REDIS_URL: "localhost:6379", PORT: "http" });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(EnvError);
    const problems = (error as EnvError).problems.join("\n");
    expect(problems).toContain("DATABASE_URL must start with postgresql://");
    expect(problems).toContain("SESSION_SECRET must be at least 32 characters");
    expect(problems).toContain("REDIS_URL must start with redis://");
    expect(problems).toContain("PORT must be a port number");
  });

  it("says a required variable is required", () => {
    expect(() => parseEnv({ SESSION_SECRET: "x".repeat(32) })).toThrow("DATABASE_URL is required");
  });

  it("lets workers start without SESSION_SECRET but not the web process", () => {
    expect(parseEnv({ DATABASE_URL: valid.DATABASE_URL }).SESSION_SECRET).toBeUndefined();
    const saved = { ...process.env };
    try {
      delete process.env.SESSION_SECRET;
      process.env.DATABASE_URL = valid.DATABASE_URL;
      resetEnvCache();
      expect(() => requireWebEnv()).toThrow(/SESSION_SECRET is required by the web process/);
      process.env.SESSION_SECRET = valid.SESSION_SECRET;
      resetEnvCache();
      expect(requireWebEnv().SESSION_SECRET).toBe(valid.SESSION_SECRET);
    } finally {
      process.env = saved;
      resetEnvCache();
    }
  });

  it("uses the sandbox without Stripe keys, and refuses a Stripe key without its webhook secret", () => {
    expect(parseEnv(valid).STRIPE_SECRET_KEY).toBeUndefined();
    expect(() => parseEnv({ ...valid, STRIPE_SECRET_KEY: "sk_test_abc" })).toThrow(/STRIPE_WEBHOOK_SECRET is required with STRIPE_SECRET_KEY/);
    expect(() => parseEnv({ ...valid, STRIPE_SECRET_KEY: "pk_test_abc", STRIPE_WEBHOOK_SECRET: "whsec_x" })).toThrow(/must be a Stripe secret key/);
    expect(parseEnv({ ...valid, STRIPE_SECRET_KEY: "sk_test_abc", STRIPE_WEBHOOK_SECRET: "whsec_x" })).toMatchObject({ STRIPE_SECRET_KEY: "sk_test_abc" });
  });
});
