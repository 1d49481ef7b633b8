import { createBullBoard } from "@bull-board/api";
import { BullMQAdapter } from "@bull-board/api/bullMQAdapter";
import { ExpressAdapter } from "@bull-board/express";
import type { Express, Request as ExpressRequest } from "express";
import { getUser } from "~/auth/session.server";
import { getQueue, QUEUES } from "~/queue/queues.server";

export const QUEUE_BOARD_PATH = "/ops/queues";

/** The same session check as the pages: the board's own requests carry the session cookie. */
async function operatorOnly(req: ExpressRequest, res: import("express").Response, next: () => void) {
  const headers = new Headers();
  for (const name of ["cookie", "authorization"]) {
    const value = req.get(name);
    if (value) headers.set(name, value);
  }
  const user = await getUser(new Request(`http://local${req.originalUrl}`, { headers }));
  if (!user) return res.redirect(`/login?${new URLSearchParams({ redirectTo: req.originalUrl })}`);
  if (user.role !== "OPERATOR") return res.status(403).send("Forbidden");
  next();
}

/** bull-board at /ops/queues, for operators: every queue's jobs, retries and failures. */
export function mountQueueBoard(app: Express) {
  const serverAdapter = new ExpressAdapter();
  serverAdapter.setBasePath(QUEUE_BOARD_PATH);
  createBullBoard({
    queues: Object.values(QUEUES).map((name) => new BullMQAdapter(getQueue(name), { readOnlyMode: false })),
    serverAdapter,
  });
  app.use(QUEUE_BOARD_PATH, (req, res, next) => void operatorOnly(req, res, next).catch(next), serverAdapter.getRouter());
}
