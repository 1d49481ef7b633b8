import { EnvError } from "~/utils/env.server";
import { logger } from "~/utils/logger.server";

type Stop = () => Promise<unknown>;

/**
 * Runs a process's start-up. Start-up registers a stop step for each thing it starts; on SIGINT or
 * SIGTERM (even mid-start-up), or when start-up fails, they run in reverse order, so what started
 * last (the web server) stops first and the database last. A second signal (a second Ctrl-C)
 * exits at once.
 */
export function runMain(start: (onStop: (stop: Stop) => void) => Promise<void>) {
  const stops: Stop[] = [];
  let stopping = false;

  const stopAll = async (exitCode: number) => {
    stopping = true;
    for (const stop of stops.reverse()) {
      try {
        await stop();
      } catch (error) {
        logger.error({ err: error }, "shutdown step failed");
      }
    }
    logger.info("stopped");
    process.exit(exitCode);
  };

  let firstSignalAt = 0;
  const onSignal = (signal: string) => {
    if (stopping) {
      // A terminal's Ctrl-C reaches every process of the group, and wrappers (npm, tsx, a
      // container's init) pass the same signal on: a repeat within a second is that echo, not a
      // person pressing Ctrl-C again, and must not cut the clean stop short.
      if (Date.now() - firstSignalAt < 1_000) return;
      logger.warn({ signal }, "second signal: exiting now");
      process.exit(130);
    }
    firstSignalAt = Date.now();
    logger.info({ signal }, "shutting down");
    void stopAll(0);
  };
  process.on("SIGINT", () => onSignal("SIGINT"));
  process.on("SIGTERM", () => onSignal("SIGTERM"));

  start((stop) => stops.push(stop)).catch((error) => {
    if (error instanceof EnvError) console.error(error.message);
    else logger.fatal({ err: error instanceof Error ? error : new Error(String(error)) }, "start-up failed");
    void stopAll(1);
  });
}
