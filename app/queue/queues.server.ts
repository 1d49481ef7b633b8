import { FlowProducer, Queue, Worker, createPostgresBackend, withBackend, type Processor, type WorkerOptions } from "bullmq";
import { Cluster, Redis, type RedisOptions } from "ioredis";
import { env } from "~/utils/env.server";
import { singleton } from "~/utils/singleton.server";

export const QUEUES = {
  redemption: "redemption-settlement",
  energyMaintenance: "energy-maintenance",
  commerce: "commerce",
  payouts: "payouts",
  notifications: "notifications",
} as const;

export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

export type QueueBackendKind = "redis" | "postgres";

export function queueBackendKind(): QueueBackendKind {
  return env().REDIS_URL ? "redis" : "postgres";
}

/** A connection to REDIS_URL (one node of a cluster when REDIS_CLUSTER is on) with these options. */
export function newRedisConnection(options: RedisOptions): Redis | Cluster {
  if (!env().REDIS_CLUSTER) return new Redis(env().REDIS_URL!, options);
  const seed = new URL(env().REDIS_URL!);
  const auth = { username: decodeURIComponent(seed.username) || undefined, password: decodeURIComponent(seed.password) || undefined };
  return new Cluster([{ host: seed.hostname, port: Number(seed.port || 6379) }], {
    redisOptions: { ...options, ...auth, ...(seed.protocol === "rediss:" ? { tls: {} } : {}) },
  });
}

function redisConnection(): Redis | Cluster {
  // BullMQ's workers block on their connection: a command must wait for a reconnect, not fail.
  return singleton("redis", () => newRedisConnection({ maxRetriesPerRequest: null }));
}

/**
 * The queues' key prefix. On a cluster every key a BullMQ command touches must be in one hash
 * slot: the braces make the prefix the hash tag, so all of this deployment's queue keys share one
 * slot (and one primary, with its replicas taking over if it fails). BullMQ moves a few hundred
 * settlement and payout jobs a minute here, far below what one Redis primary serves.
 */
export const queuePrefix = () => (env().REDIS_CLUSTER ? `{${env().QUEUE_PREFIX}}` : env().QUEUE_PREFIX);

// Without REDIS_URL the queues live in PostgreSQL (BullMQ's official backend), in their own schema.
function postgresConnection() {
  return { connectionString: env().DATABASE_URL, schema: `${env().QUEUE_PREFIX}_queues`, migrate: true, max: 5 };
}

const pgClasses = () => singleton("bullmq-pg-classes", () => withBackend(createPostgresBackend));

export function getQueue<Data>(name: QueueName): Queue<Data> {
  return singleton(`queue:${name}`, () => {
    if (queueBackendKind() === "redis") {
      return new Queue<Data>(name, { connection: redisConnection(), prefix: queuePrefix() });
    }
    return new (pgClasses().Queue)<Data>(name, { connection: postgresConnection() }) as unknown as Queue<Data>;
  });
}

export function getFlowProducer(): FlowProducer {
  return singleton("flow-producer", () => {
    if (queueBackendKind() === "redis") return new FlowProducer({ connection: redisConnection(), prefix: queuePrefix() });
    return new (pgClasses().FlowProducer)({ connection: postgresConnection() }) as unknown as FlowProducer;
  });
}

export function createWorker<Data>(
  name: QueueName,
  processor: Processor<Data>,
  options: Omit<WorkerOptions, "connection" | "prefix"> = {},
): Worker<Data> {
  // A job whose worker died is picked up again once its lock has expired.
  const locks = { lockDuration: env().WORKER_LOCK_MS, stalledInterval: env().WORKER_LOCK_MS };
  if (queueBackendKind() === "redis") {
    return new Worker<Data>(name, processor, { ...locks, ...options, connection: redisConnection(), prefix: queuePrefix() });
  }
  return new (pgClasses().Worker)<Data>(name, processor, {
    ...locks,
    ...options,
    connection: postgresConnection(),
  }) as unknown as Worker<Data>;
}

/**
 * Calls `listener` each time the queue store's connection becomes ready (again): Redis reconnects
 * by itself after a restart, but whatever it held without persistence is gone. Nothing on the
 * PostgreSQL backend, whose store outlives its connections. Returns how to stop listening.
 */
export function onQueueConnectionReady(listener: () => void): () => void {
  if (queueBackendKind() !== "redis") return () => undefined;
  const connection = redisConnection();
  connection.on("ready", listener);
  return () => connection.off("ready", listener);
}

const STORE_MARK = "sapling:store-mark";

/**
 * Whether the queue store still holds the jobs it was given: a mark is kept in it, and a store
 * found without the mark was emptied (a Redis restarted without persistence) or is new. The mark is
 * put back at once. Always true on PostgreSQL, whose store is durable.
 */
export async function queueStoreKeptItsJobs(): Promise<boolean> {
  if (queueBackendKind() !== "redis") return true;
  const created = await redisConnection().set(`${queuePrefix()}:${STORE_MARK}`, new Date().toISOString(), "NX");
  return created === null;
}

export async function queueIsUp(timeoutMs = 1500): Promise<boolean> {
  const probe = getQueue(QUEUES.redemption).getJobCounts("waiting");
  const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error("queue timeout")), timeoutMs).unref());
  try {
    await Promise.race([probe, timeout]);
    return true;
  } catch {
    return false;
  }
}

export async function closeQueues() {
  for (const name of Object.values(QUEUES)) {
    const store = (globalThis as unknown as { __sapling?: Map<string, unknown> }).__sapling;
    const queue = store?.get(`queue:${name}`) as Queue | undefined;
    if (queue) {
      await queue.close();
      store?.delete(`queue:${name}`);
    }
  }
  const store = (globalThis as unknown as { __sapling?: Map<string, unknown> }).__sapling;
  const flows = store?.get("flow-producer") as FlowProducer | undefined;
  if (flows) {
    await flows.close();
    store?.delete("flow-producer");
  }
  const redis = store?.get("redis") as Redis | Cluster | undefined;
  if (redis) {
    await redis.quit().catch(() => redis.disconnect());
    store?.delete("redis");
  }
}
