import { afterAll, beforeAll, inject } from "vitest";
import { createFreshDatabase, deleteRedisPrefix } from "./test-database";

/**
 * A database and queue namespace for this test file alone. For files whose workers or outbox relay
 * would otherwise take other files' jobs (or lose them, on a Redis of their own), and whose
 * assertions see the whole database (the ledger, PostgreSQL's deadlock counter). Call it before
 * anything touches the database: the first `db()` of the file then connects here.
 */
export function useOwnDatabase(name: string) {
  let database: Awaited<ReturnType<typeof createFreshDatabase>> | undefined;
  const queuePrefix = `${inject("queuePrefix")}_${name}`;
  beforeAll(async () => {
    database = await createFreshDatabase(`sapling_${name}`);
    process.env.DATABASE_URL = database.url;
    process.env.QUEUE_PREFIX = queuePrefix;
    (await import("~/utils/env.server")).resetEnvCache();
  }, 120_000);
  afterAll(async () => {
    const { closeQueues } = await import("~/queue/queues.server");
    const { closeDatabase } = await import("~/db/client.server");
    await closeQueues();
    await closeDatabase();
    await deleteRedisPrefix(queuePrefix);
    await database?.drop();
  });
  return {
    queuePrefix,
    url: () => {
      if (!database) throw new Error("the database is made in beforeAll");
      return database.url;
    },
  };
}
