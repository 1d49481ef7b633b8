import path from "node:path";
import { defineConfig } from "vitest/config";

const alias = { "~": path.resolve(__dirname, "app") };

// Real PostgreSQL and Redis, a fresh database and queue namespace per run.
const withServices = {
  globalSetup: ["tests/support/integration-global.ts"],
  setupFiles: ["tests/support/integration-env.ts"],
  testTimeout: 60_000,
  hookTimeout: 60_000,
};
// The 100,000-redemption launch day takes minutes: CI runs it as its own step (npm test does),
// and a developer's `npm run test:integration` stays quick without it.
const LAUNCH_DAY = "tests/integration/launch-day.test.ts";

export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      {
        resolve: { alias },
        test: { name: "unit", include: ["tests/unit/**/*.test.ts"], setupFiles: ["tests/support/unit-env.ts"], environment: "node" },
      },
      {
        resolve: { alias },
        test: { name: "integration", include: ["tests/integration/**/*.test.ts"], exclude: [LAUNCH_DAY], ...withServices },
      },
      {
        resolve: { alias },
        test: { name: "launch-day", include: [LAUNCH_DAY], ...withServices },
      },
      {
        resolve: { alias },
        test: {
          name: "e2e",
          include: ["tests/e2e/**/*.test.ts"],
          globalSetup: ["tests/support/e2e-global.ts"],
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
