import { json } from "@remix-run/node";
import { databaseIsUp } from "~/db/client.server";
import { queueBackendKind, queueIsUp } from "~/queue/queues.server";

type Probe = Promise<[database: boolean, queue: boolean]>;
let probing: Probe | null = null;

/**
 * Asks the database and the queue store, once for all the requests that come while it is asking:
 * a load balancer's checks from many places (or a flood of them) cost one round trip to each, not
 * one per request. Nothing is kept after the answer: the next request asks again.
 */
function probe(): Probe {
  probing ??= Promise.all([databaseIsUp(), queueIsUp()]).finally(() => (probing = null));
  return probing;
}

/** GET /healthz: whether the database and the queue store answer now (503 when either does not). */
export async function healthAnswer() {
  const [database, queue] = await probe();
  const ok = database && queue;
  return json(
    {
      status: ok ? "ok" : "degraded",
      database: database ? "up" : "down",
      queue: { backend: queueBackendKind(), status: queue ? "up" : "down" },
    },
    { status: ok ? 200 : 503, headers: { "Cache-Control": "no-store" } },
  );
}
