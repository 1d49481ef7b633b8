import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@prisma/client";
import pg from "pg";
import { env } from "~/utils/env.server";
import { logger } from "~/utils/logger.server";
import { forgetSingleton, singleton } from "~/utils/singleton.server";
import { installPlanCache } from "./plan-cache.server";

/** The process's connections to PostgreSQL, shared by Prisma and the prepared statements of sql.server.ts. */
export function pool(): pg.Pool {
  return singleton("pg-pool", () => {
    const created = new pg.Pool({ connectionString: env().DATABASE_URL, max: env().DATABASE_POOL_SIZE });
    // An idle connection the server ended (a restart, a shutdown) is dropped from the pool and the
    // next query opens another; without a listener the pool's "error" event would end the process.
    created.on("error", (error) => logger.warn({ err: error }, "an idle database connection was closed"));
    return created;
  });
}

export function db(): PrismaClient {
  return singleton("prisma", () => {
    installPlanCache();
    return new PrismaClient({
      adapter: new PrismaPg(pool()),
      // A hot row (one ball, many friends) queues transactions behind its lock: wait for a
      // connection longer than Prisma's 2 s default before failing the request.
      transactionOptions: { maxWait: 10_000, timeout: 20_000 },
    });
  });
}

/** Closes every connection (their backends end); the next db() or pool() connects afresh. */
export async function closeDatabase() {
  await db().$disconnect();
  await pool().end();
  forgetSingleton("prisma");
  forgetSingleton("pg-pool");
}

export type Tx = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];

export async function databaseIsUp(): Promise<boolean> {
  try {
    await pool().query("SELECT 1");
    return true;
  } catch {
    return false;
  }
}
