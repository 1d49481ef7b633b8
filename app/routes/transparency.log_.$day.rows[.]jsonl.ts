import type { LoaderFunctionArgs } from "@remix-run/node";
import { db } from "~/db/client.server";
import { publicLogRowsOf } from "~/transparency/public-log.server";
import { attachment } from "~/utils/download.server";

// One China-time day of the public log, as it is hashed: a JSON object per line with the row's
// number, the previous row's hash, its hash and its body (the exact text hashed).
// `npm run log:verify -- --file <this file> --root <the day's root>` checks it without us.
export async function loader({ params }: LoaderFunctionArgs) {
  const day = params.day!;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day) || Number.isNaN(Date.parse(day))) throw new Response("Not found", { status: 404 });
  const [rows, sealed] = await Promise.all([publicLogRowsOf(day), db().publicLogRoot.findUnique({ where: { day: new Date(`${day}T00:00:00Z`) }, select: { root: true } })]);
  if (!rows.length) throw new Response("Not found", { status: 404 });
  return new Response(rows.map((row) => JSON.stringify(row)).join("\n") + "\n", {
    headers: {
      "Content-Type": "application/jsonl; charset=utf-8",
      "Content-Disposition": attachment(`sapling-public-log-${day}.jsonl`),
      // A sealed day never changes; an open one grows until it is sealed.
      "Cache-Control": sealed ? "public, max-age=31536000, immutable" : "no-cache",
    },
  });
}
