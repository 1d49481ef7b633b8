// What the audit trail records (app/audit/audit.server.ts): one name per kind of operator
// decision, shared with the page that filters by it.

export type AuditAction =
  | "energy_adjust"
  | "energy_release"
  | "energy_reject"
  | "partner_create"
  | "partner_rotate"
  | "project_create"
  | "project_update"
  | "evidence_record"
  | "patrol_record"
  | "news_post"
  | "order_refund"
  | "order_ship"
  | "product_save"
  | "share_rule_add"
  | "batch_record"
  | "households_import"
  | "payout_batch_build"
  | "payout_batch_approve"
  | "payout_batch_cancel"
  | "disbursements_confirm"
  | "reconciliation_request"
  | "alarm_resolve"
  | "receipt_record"
  | "budget_set"
  | "expense_build";

export const AUDIT_ACTIONS: AuditAction[] = [
  "energy_adjust",
  "energy_release",
  "energy_reject",
  "partner_create",
  "partner_rotate",
  "project_create",
  "project_update",
  "evidence_record",
  "patrol_record",
  "news_post",
  "order_refund",
  "order_ship",
  "product_save",
  "share_rule_add",
  "batch_record",
  "households_import",
  "payout_batch_build",
  "payout_batch_approve",
  "payout_batch_cancel",
  "disbursements_confirm",
  "reconciliation_request",
  "alarm_resolve",
  "receipt_record",
  "budget_set",
  "expense_build",
];
