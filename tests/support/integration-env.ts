import { afterAll, inject } from "vitest";

process.env.DATABASE_URL = inject("databaseUrl");
process.env.REDIS_URL = inject("redisUrl");
process.env.QUEUE_PREFIX = inject("queuePrefix");
process.env.SESSION_SECRET = "integration-test-secret-at-least-32-characters";
process.env.LOG_LEVEL ??= "error";
process.env.NODE_ENV = "test";

afterAll(async () => {
  const { closeQueues } = await import("~/queue/queues.server");
  const { closeDatabase } = await import("~/db/client.server");
  await closeQueues();
  await closeDatabase();
});
