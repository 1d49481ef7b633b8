import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireOperator } from "~/auth/guards.server";
import { disbursementCsv } from "~/payouts/disbursements.server";
import { csvDownload } from "~/utils/download.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireOperator(request);
  return csvDownload(await disbursementCsv(params.id!), `disbursements-${params.id}.csv`);
}
