import { AsyncLocalStorage } from "node:async_hooks";
import { logger } from "./logger.server";
import { singleton } from "./singleton.server";

// While PostgreSQL (or the queue store) cannot be reached, people get "briefly unavailable, try
// again" (503 with Retry-After), not "something went wrong" (500): it is not their request's fault
// and it passes by itself. This module tells such failures apart, remembers that the database is
// down until a probe finds it up again, and marks the request that met the failure.

export const RETRY_AFTER_SECONDS = 5;
const PROBE_EVERY_MS = 1_000;

// Connection-level failures: the server is gone, restarting, refusing, or out of connections.
const NODE_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "EPIPE", "ETIMEDOUT", "ENOTFOUND", "EHOSTUNREACH", "ENETUNREACH", "EAI_AGAIN"]);
const POSTGRES_CODES = /^(08...|57P01|57P02|57P03|53300)$/;
const PRISMA_CODES = new Set(["P1001", "P1002", "P1008", "P1017", "P2024"]);
const MESSAGES = /connection terminated|connection (is )?closed|terminating connection|server closed the connection|can't reach database|timeout exceeded when trying to connect|max retries per request|connect ECONNREFUSED|the database system is (starting up|shutting down)/i;

/** Whether `error` (or anything in its cause chain) says a database or queue server cannot be reached. */
export function isOutageError(error: unknown): boolean {
  for (let current: unknown = error, depth = 0; current && depth < 6; depth++) {
    const e = current as { code?: unknown; message?: unknown; cause?: unknown; originalCode?: unknown; kind?: unknown };
    const code = typeof e.code === "string" ? e.code : typeof e.originalCode === "string" ? e.originalCode : "";
    if (NODE_CODES.has(code) || POSTGRES_CODES.test(code) || PRISMA_CODES.has(code)) return true;
    if (typeof e.message === "string" && MESSAGES.test(e.message)) return true;
    current = e.cause;
  }
  return false;
}

type State = { databaseDownSince: number | null; probing: boolean };
const state = () => singleton<State>("outage", () => ({ databaseDownSince: null, probing: false }));

/** Per request: set when it met an outage, so the web server answers it with 503. */
export const requestOutage = singleton("request-outage", () => new AsyncLocalStorage<{ outage: boolean }>());

/** The database is down until a probe says otherwise: requests meanwhile get 503 at once. */
export function databaseDown(): boolean {
  return state().databaseDownSince !== null;
}

/**
 * Records a failure: when it is an outage, the current request is marked (the web server answers
 * it with 503) and the database is probed: if it is the one that is down, every request gets 503
 * at once until a probe reaches it again. Returns whether it was an outage.
 */
export function noteFailure(error: unknown): boolean {
  if (!isOutageError(error)) return false;
  const store = requestOutage.getStore();
  if (store) store.outage = true;
  void watchDatabase(error);
  return true;
}

async function watchDatabase(cause: unknown) {
  const current = state();
  if (current.probing) return;
  current.probing = true;
  try {
    const { databaseIsUp } = await import("~/db/client.server");
    if (await databaseIsUp()) return; // the queue store, or a passing blip: only that request is answered 503
    current.databaseDownSince = Date.now();
    logger.error({ err: cause }, "the database cannot be reached: answering 503 until it can");
    do await new Promise((resolve) => setTimeout(resolve, PROBE_EVERY_MS).unref());
    while (!(await databaseIsUp()));
    logger.warn({ downForMs: Date.now() - current.databaseDownSince }, "the database is reachable again");
    current.databaseDownSince = null;
  } finally {
    current.probing = false;
  }
}
