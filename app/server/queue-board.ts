import { createBullBoard } from "@bull-board/api";
import { BullMQAdapter } from "@bull-board/api/bullMQAdapter";
import { ExpressAdapter } from "@bull-board/express";
import type { Express, NextFunction, Request as ExpressRequest, Response as ExpressResponse } from "express";
import { getUser } from "~/auth/session.server";
import { getQueue, QUEUES } from "~/queue/queues.server";

export const QUEUE_BOARD_PATH = "/ops/queues";

/** The same session check as the pages: the board's own requests carry the session cookie. */
async function isOperator(req: ExpressRequest) {
  const headers = new Headers();
  for (const name of ["cookie", "authorization"]) {
    const value = req.get(name);
    if (value) headers.set(name, value);
  }
  const user = await getUser(new Request(`http://local${req.originalUrl}`, { headers }));
  return user?.role === "OPERATOR";
}

// bull-board's page asks Google for its web fonts, which an offline operator's browser cannot
// reach (and an operator's browsing should not be reported to): drop every external stylesheet
// and font link, and put a way back to the rest of the operations pages on the board.
const EXTERNAL_LINK = /<link\b[^>]*\bhref="(?:https?:)?\/\/[^"]*"[^>]*>\s*/gi;
const BACK_TO_OPS =
  '<a href="/ops" data-testid="queues-back" style="position:fixed;right:12px;bottom:12px;z-index:1000;' +
  "display:inline-flex;align-items:center;min-height:44px;padding:0 16px;border-radius:22px;background:#2f7d32;color:#fff;" +
  'font:600 15px/1 system-ui,sans-serif;text-decoration:none;box-shadow:0 2px 8px rgba(0,0,0,.25)">&larr; Operations</a>';

export function boardPageHtml(html: string) {
  return html.replace(EXTERNAL_LINK, "").replace(/<body([^>]*)>/, `<body$1>${BACK_TO_OPS}`);
}

function rewriteBoardPage(res: ExpressResponse) {
  const send = res.send.bind(res);
  res.send = (body?: unknown) => send(typeof body === "string" && body.includes("__UI_CONFIG__") ? boardPageHtml(body) : body);
}

/**
 * bull-board at /ops/queues, for operators: every queue's jobs, retries and failures. Anyone else
 * falls through to the app, whose `ops.queues.$` route answers as every operations page does
 * (the login page for visitors, the app's own 403 page for other accounts).
 */
export function mountQueueBoard(app: Express) {
  const serverAdapter = new ExpressAdapter();
  serverAdapter.setBasePath(QUEUE_BOARD_PATH);
  createBullBoard({
    queues: Object.values(QUEUES).map((name) => new BullMQAdapter(getQueue(name), { readOnlyMode: false })),
    serverAdapter,
    options: {
      uiConfig: {
        boardTitle: "Sapling queues",
        boardLogo: { path: "/favicon.svg", width: 28, height: 28 },
        hideDocsLink: true,
        favIcon: { default: "/favicon.svg", alternative: "/favicon.svg" },
      },
    },
  });
  const board = serverAdapter.getRouter();
  app.use(QUEUE_BOARD_PATH, (req: ExpressRequest, res: ExpressResponse, next: NextFunction) => {
    isOperator(req)
      .then((operator) => {
        if (!operator) return next();
        rewriteBoardPage(res);
        board(req, res, next);
      })
      .catch(next);
  });
}
