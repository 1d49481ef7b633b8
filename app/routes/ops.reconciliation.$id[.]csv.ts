import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireOperator } from "~/auth/guards.server";
import { reportCsv } from "~/ledger/reconciliation.server";
import { csvDownload } from "~/utils/download.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireOperator(request);
  const csv = await reportCsv(params.id!);
  if (csv === null) throw new Response("No such run", { status: 404 });
  return csvDownload(csv, `reconciliation-${params.id}.csv`);
}
