import { auditAlone } from "~/audit/audit.server";
import { db } from "~/db/client.server";
import { fenToYuanText } from "~/money/yuan";
import { csvFile } from "~/utils/csv-file";
import { cell, readCsvTable } from "~/utils/csv-table";
import { say, type Message } from "~/utils/message";
import { completeBatch, markPayoutFailed, markPayoutPaid } from "./execute.server";
import { payeeOf } from "./payee";
import { receiptCodeText } from "./receipts.server";

// Households paid by disbursement list: the operator downloads the batch's list, the cooperative or
// county pays each line, and the operator uploads the same file with each line's outcome filled in.

// A cooperative's or an expense's line has no registration code; its payee's name stands in the
// head_of_household column (the expense's description in village), so the file keeps one shape.
// receipt_code: what the household is given with its money, to confirm receipt at /r/<code>.
export const DISBURSEMENT_COLUMNS = ["payout_id", "registration_code", "head_of_household", "village", "amount_yuan", "amount_fen", "receipt_code", "outcome", "reference"] as const;

export async function disbursementCsv(batchId: string): Promise<string> {
  const payouts = await db().payout.findMany({
    where: { batchId, method: "DISBURSEMENT_LIST", status: { in: ["AWAITING_CONFIRMATION", "PAID", "FAILED"] } },
    include: { household: { select: { registrationCode: true, headName: true, village: true } }, cooperative: { select: { nameZh: true, nameEn: true } }, expense: { select: { payeeName: true, description: true } } },
    orderBy: [{ household: { registrationCode: "asc" } }, { cooperative: { nameZh: "asc" } }],
  });
  return csvFile([
    [...DISBURSEMENT_COLUMNS],
    ...payouts.map((p) => [p, payeeOf(p)] as const).map(([p, payee]) => [
      p.id,
      payee.code,
      payee.name,
      payee.place,
      fenToYuanText(p.amountFen),
      String(p.amountFen),
      payee.kind === "household" ? receiptCodeText(p.receiptCode) : "",
      p.status === "PAID" ? "paid" : p.status === "FAILED" ? "failed" : "",
      p.reference ?? "",
    ]),
  ]);
}

export type ConfirmationProblem = { line: number; reasons: Message[] };
export type ConfirmationResult = { paid: number; failed: number; unchanged: number; rejected: ConfirmationProblem[]; fileProblem: Message | null };

/**
 * Applies an uploaded confirmation: "paid" lines leave the ledger, "failed" lines go back to the
 * household's payable, blank lines stay awaiting. Every line is checked against its payout (same
 * batch, same amount to the fen); a line already applied is counted as unchanged, not applied twice.
 */
export async function confirmDisbursements(batchId: string, text: string, by?: string): Promise<ConfirmationResult> {
  const result: ConfirmationResult = { paid: 0, failed: 0, unchanged: 0, rejected: [], fileProblem: null };
  const table = readCsvTable(text, ["payout_id", "amount_fen", "outcome", "reference"]);
  if (!table.ok) return { ...result, fileProblem: table.problem };

  const payouts = new Map(
    (await db().payout.findMany({ where: { batchId, method: "DISBURSEMENT_LIST" } })).map((p) => [p.id, p]),
  );
  for (const [i, record] of table.body.entries()) {
    const line = i + 2;
    const get = (column: string) => cell(table, record, column);
    const payout = payouts.get(get("payout_id"));
    const outcome = get("outcome").toLowerCase();
    const reference = get("reference");
    const reasons: Message[] = [];
    if (!payout) reasons.push(say("payouts.reasons.notInBatch"));
    else if (get("amount_fen") !== String(payout.amountFen)) reasons.push(say("payouts.reasons.amount", { amount: String(payout.amountFen) }));
    if (!["", "paid", "failed"].includes(outcome)) reasons.push(say("payouts.reasons.outcome"));
    if (outcome === "paid" && !reference) reasons.push(say("payouts.reasons.referenceNeeded"));
    if (reference.length > 200) reasons.push(say("payouts.reasons.referenceTooLong", { max: 200 }));
    if (reasons.length || !payout) {
      result.rejected.push({ line, reasons });
      continue;
    }
    if (outcome === "paid" && (await markPayoutPaid(payout, "AWAITING_CONFIRMATION", { reference }))) result.paid += 1;
    else if (outcome === "failed" && (await markPayoutFailed(payout, "AWAITING_CONFIRMATION", reference ? `not disbursed: ${reference}` : "not disbursed"))) result.failed += 1;
    else result.unchanged += 1;
  }
  // A batch waiting on confirmations is completed once none is left open.
  await completeBatch(batchId, "AWAITING_CONFIRMATION");
  // Each line was applied in a transaction of its own (a payout at a time); the upload's event
  // follows them, saying what it did.
  if (by) {
    await auditAlone({
      actorId: by,
      action: "disbursements_confirm",
      subject: batchId,
      details: { paid: result.paid, failed: result.failed, unchanged: result.unchanged, rejected: result.rejected.length },
    });
  }
  return result;
}

