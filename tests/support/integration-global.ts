import type { TestProject } from "vitest/node";
import { createFreshDatabase, deleteRedisPrefix, REDIS_URL, uniqueName } from "./test-database";

declare module "vitest" {
  export interface ProvidedContext {
    databaseUrl: string;
    redisUrl: string;
    queuePrefix: string;
  }
}

export default async function setup(project: TestProject) {
  const database = await createFreshDatabase("sapling_it");
  const queuePrefix = uniqueName("it").toLowerCase();
  project.provide("databaseUrl", database.url);
  project.provide("redisUrl", REDIS_URL);
  project.provide("queuePrefix", queuePrefix);
  return async () => {
    await deleteRedisPrefix(queuePrefix);
    await database.drop();
  };
}
