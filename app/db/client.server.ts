import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@prisma/client";
import pg from "pg";
import { env } from "~/utils/env.server";
import { logger } from "~/utils/logger.server";
import { forgetSingleton, singleton } from "~/utils/singleton.server";
import { installPlanCache } from "./plan-cache.server";

/** The process's connections to PostgreSQL, shared by Prisma and the prepared statements of sql.server.ts. */
export function pool(): pg.Pool {
  return singleton("pg-pool", () => newPool(env().DATABASE_URL));
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

function newPool(connectionString: string): pg.Pool {
  const created = new pg.Pool({ connectionString, max: env().DATABASE_POOL_SIZE });
  // An idle connection the server ended (a restart, a shutdown) is dropped from the pool and the
  // next query opens another; without a listener the pool's "error" event would end the process.
  created.on("error", (error) => logger.warn({ err: error }, "an idle database connection was closed"));
  return created;
}

/**
 * Where reads that may be a second old go: the public figures (/impact, /transparency, the
 * counters of a project) and certificates. The replica named by DATABASE_REPLICA_URL when there
 * is one, else the primary. Never for anything a user acts on or has just written (balances, the
 * forest, a redemption's result, /ops): those read db(). See docs/scaling.md.
 */
export function reader(): PrismaClient {
  const url = env().DATABASE_REPLICA_URL;
  if (!url) return db();
  return singleton("prisma-replica", () => {
    installPlanCache();
    return new PrismaClient({ adapter: new PrismaPg(singleton("pg-replica-pool", () => newPool(url))) });
  });
}

/** Closes every connection (their backends end); the next db(), reader() or pool() connects afresh. */
export async function closeDatabase() {
  const store = (globalThis as unknown as { __sapling?: Map<string, unknown> }).__sapling;
  const replica = store?.get("prisma-replica") as PrismaClient | undefined;
  if (replica) {
    await replica.$disconnect();
    await (store!.get("pg-replica-pool") as pg.Pool).end();
    forgetSingleton("prisma-replica");
    forgetSingleton("pg-replica-pool");
  }
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
