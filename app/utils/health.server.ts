import { json } from "@remix-run/node";
import { databaseIsUp } from "~/db/client.server";
import { queueBackendKind, queueIsUp } from "~/queue/queues.server";

/** GET /healthz: whether the database and the queue store answer now (503 when either does not). */
export async function healthAnswer() {
  const [database, queue] = await Promise.all([databaseIsUp(), queueIsUp()]);
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
