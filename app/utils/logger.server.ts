import { AsyncLocalStorage } from "node:async_hooks";
import pino from "pino";
import { singleton } from "./singleton.server";

/** Carries the request id (web) or job id (workers) to every log line written while serving it. */
export const logContext = singleton("log-context", () => new AsyncLocalStorage<Record<string, string>>());

export const logger = singleton("logger", () =>
  pino({
    level: process.env.LOG_LEVEL ?? "info",
    base: { pid: process.pid },
    // Read per line: entry points name their service after the logger module has loaded.
    mixin: () => ({ service: process.env.SAPLING_SERVICE ?? "sapling", ...logContext.getStore() }),
    redact: ["password", "*.password", "token", "*.token", "req.headers.authorization", "req.headers.cookie"],
  }),
);
