import { periodSchema } from "~/payouts/period-form";
import { operation } from "~/utils/operation.server";
import { requestReconciliation } from "./reconciliation.server";

// Operators' reconciliation requests, declared once (the reconciliation page).

export const reconcile = operation({
  name: "ops.reconciliation-request",
  summary: "Operators: compare the ledger with the payment provider for a period (and a project, or all)",
  input: periodSchema("reconciliation"),
  who: "operator",
  refusals: { project_not_found: 404 },
  messages: "reconciliation.refused",
  run: (actor, period) => requestReconciliation({ periodStart: period.periodStart, periodEnd: period.periodEnd, projectId: period.projectId, trigger: "manual" }, actor.id),
});
