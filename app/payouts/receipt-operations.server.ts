import { z } from "zod";
import { idField } from "~/utils/fields";
import { operation } from "~/utils/operation.server";
import { answerReceipt, RECEIPT_NOTE_MAX } from "./receipts.server";

// An operator writes down what a household said on the phone about a payout on the call list.

export const recordReceipt = operation({
  name: "ops.receipt-record",
  summary: "Operators: write down a household's answer given on the phone (received, or a problem, which raises an alarm)",
  input: z.object({
    code: idField(20),
    answer: z.enum(["CONFIRMED", "DISPUTED"], { message: "errors.generic" }),
    note: z.string().trim().max(RECEIPT_NOTE_MAX, "receipt.noteTooLong").optional(),
  }),
  who: "operator",
  refusals: { receipt_not_found: 404, not_paid_yet: 409, already_confirmed: 409, already_disputed: 409 },
  messages: "receipt.refused",
  run: (actor, input) => answerReceipt({ code: input.code, answer: input.answer, note: input.note, recordedById: actor.id }),
});
