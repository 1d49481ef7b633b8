import { PrismaClient } from "@prisma/client";
import { env } from "~/utils/env.server";
import { singleton } from "~/utils/singleton.server";
import { createRuntimeAdapter } from "./pg-adapter.server";

export function db(): PrismaClient {
  return singleton(
    "prisma",
    () =>
      new PrismaClient({
        adapter: createRuntimeAdapter(env().DATABASE_URL),
        // A hot row (one ball, many friends) queues transactions behind its lock: wait for a
        // connection longer than Prisma's 2 s default before failing the request.
        transactionOptions: { maxWait: 10_000, timeout: 20_000 },
      }),
  );
}

export type Tx = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];

export async function databaseIsUp(): Promise<boolean> {
  try {
    await db().$queryRaw`SELECT 1`;
    return true;
  } catch {
    return false;
  }
}
