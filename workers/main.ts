import { pathToFileURL } from "node:url";
import { closeDatabase } from "~/db/client.server";
import { closeQueues } from "~/queue/queues.server";
import { runMain } from "~/server/lifecycle";
import { env } from "~/utils/env.server";
import { startWorkers } from "./runtime";

// A worker process: run as many as you like, on as many machines, against one Redis and database.
if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  process.env.SAPLING_SERVICE ??= "workers";
  runMain(async (onStop) => {
    env();
    onStop(() => closeDatabase());
    onStop(closeQueues);
    const workers = await startWorkers();
    onStop(workers.close);
  });
}
