import type { LoaderFunctionArgs } from "@remix-run/node";
import { allMovements } from "~/ledger/movements.server";
import { transparency } from "~/payouts/transparency.server";
import { csvFile } from "~/utils/csv-file";
import { csvDownload } from "~/utils/download.server";

// A county's ledger movements per day and kind of account, as on its page: sums only.
export async function loader({ params }: LoaderFunctionArgs) {
  const county = (await transparency()).counties.find((c) => c.slug === params.county);
  if (!county) throw new Response("No such county", { status: 404 });
  const rows = await allMovements(county.projects.map((p) => p.id));
  return csvDownload(
    csvFile([["day", "account_kind", "credits_fen", "debits_fen", "transactions"], ...rows.map((m) => [m.day, m.kind, String(m.credits), String(m.debits), String(m.transactions)])]),
    `sapling-${county.slug}-ledger-movements.csv`,
  );
}
