import { EnvError } from "~/utils/env.server";
import { logger } from "~/utils/logger.server";

type Stop = () => Promise<unknown>;

/**
 * Runs a process's start-up; on SIGINT/SIGTERM runs its stop steps in order (finish or release
 * work first, close connections last). A second signal exits at once.
 */
export function runMain(start: () => Promise<Stop[]>) {
  let stops: Stop[] = [];
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) {
      logger.warn({ signal }, "second signal: exiting now");
      process.exit(130);
    }
    stopping = true;
    logger.info({ signal }, "shutting down");
    for (const stop of stops) {
      try {
        await stop();
      } catch (error) {
        logger.error({ err: error }, "shutdown step failed");
      }
    }
    logger.info("stopped");
    process.exit(0);
  };
  process.on("SIGINT", () => void shutdown("SIGINT"));
  process.on("SIGTERM", () => void shutdown("SIGTERM"));

  start().then(
    (steps) => {
      stops = steps;
    },
    (error) => {
      if (error instanceof EnvError) {
        console.error(error.message);
      } else {
        logger.fatal({ err: error instanceof Error ? error : new Error(String(error)) }, "start-up failed");
      }
      process.exit(1);
    },
  );
}
