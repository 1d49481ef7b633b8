import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireOperator } from "~/auth/guards.server";
import { disbursementCsv } from "~/payouts/disbursements.server";
import { attachment } from "~/utils/download.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireOperator(request);
  return new Response(await disbursementCsv(params.id!), {
    headers: { "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": attachment(`disbursements-${params.id}.csv`) },
  });
}
