import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { requireOperator } from "~/auth/guards.server";

// The message sections this page shows (besides the shared ones); checked by tests/unit/message-sections.test.ts.
export const handle = { i18n: [] };

// /ops/queues is bull-board, served to operators before the app (app/server/queue-board.ts).
// Everyone else lands here and is answered like on any operations page: the login page, or the
// app's own 403 page. An operator reaching this route asked for something the board does not have.
async function notTheBoard({ request }: LoaderFunctionArgs | ActionFunctionArgs) {
  await requireOperator(request);
  throw new Response("Not found", { status: 404, statusText: "Not Found" });
}

export const loader = notTheBoard;
export const action = notTheBoard;

// A page route (not a resource route), so that what the loader throws is drawn by the app's
// error boundary, with its header, in the reader's language.
export default function NotTheBoard() {
  return null;
}
