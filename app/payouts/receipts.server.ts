import { raiseAlarm } from "~/alarms/alarms.server";
import { audit } from "~/audit/audit.server";
import { db, reader } from "~/db/client.server";
import { balanceOf } from "~/ledger/money-ledger.server";
import { env } from "~/utils/env.server";
import { Refused } from "~/utils/refused";
import { CODE_ALPHABET } from "~/utils/short-code";

// Households confirm their own payouts (docs/decisions/025-household-receipts.md). Each payout has
// a receipt code, printed on the village statement; /r/<code> shows that household, without an
// account, what it was allocated and paid, and takes its answer for that payout: received, or a
// problem (which raises an alarm). Payouts nobody answered for a while go on the operators' call
// list, where an answer given on the phone is written down.

export const RECEIPT_CODE_LENGTH = 12;
export const RECEIPT_NOTE_MAX = 500;

const CODE = new RegExp(`^[${CODE_ALPHABET}]{${RECEIPT_CODE_LENGTH}}$`);

/** A code as typed from paper: any case, with or without the dashes and spaces it is printed with. */
export function normaliseReceiptCode(input: string): string | null {
  const code = input.toUpperCase().replace(/[\s-]/g, "");
  return CODE.test(code) ? code : null;
}

/** How a code is printed: three groups of four, easier to read out and type. */
export const receiptCodeText = (code: string) => code.match(/.{1,4}/g)!.join("-");

/** Everything /r/<code> shows: the household (no name), its allocations by month and product, its payouts. */
export async function receiptStatement(code: string) {
  // Only a household's payouts are receipted: a cooperative's or an expense's code shows nothing.
  const payout = await reader().payout.findFirst({
    where: { receiptCode: code, householdId: { not: null } },
    select: {
      id: true,
      householdId: true,
      household: {
        select: { registrationCode: true, village: true, county: true, project: { select: { nameZh: true, nameEn: true } } },
      },
    },
  });
  if (!payout?.household) return null;
  const household = payout.household;
  const [allocations, payouts, balance] = await Promise.all([
    // By month in China's time, and by product; refunds net against their sales.
    reader().$queryRaw<{ month: string; productZh: string | null; productEn: string | null; fen: bigint }[]>`
      SELECT to_char(t."createdAt" AT TIME ZONE 'UTC' AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM') AS month,
        pr."nameZh" AS "productZh", pr."nameEn" AS "productEn", (-sum(e."amountFen"))::bigint AS fen
      FROM "MoneyEntry" e
      JOIN "MoneyAccount" a ON a.id = e."accountId" AND a."householdId" = ${payout.householdId} AND a.kind = 'HOUSEHOLD_PAYABLE'
      JOIN "MoneyTransaction" t ON t.id = e."transactionId" AND t.kind IN ('ORDER_PAID', 'ORDER_REFUNDED')
      LEFT JOIN "OrderLine" l ON l.id = e."orderLineId"
      LEFT JOIN "Product" pr ON pr.id = l."productId"
      GROUP BY 1, 2, 3 ORDER BY 1 DESC, 2`,
    reader().payout.findMany({
      where: { householdId: payout.householdId, status: { not: "CANCELLED" } },
      orderBy: { batch: { createdAt: "desc" } },
      select: {
        id: true,
        amountFen: true,
        method: true,
        status: true,
        paidAt: true,
        receiptAnswer: true,
        receiptAnsweredAt: true,
        receiptNote: true,
        batch: { select: { periodStart: true, periodEnd: true } },
      },
    }),
    balanceOf(`household:${payout.householdId}`),
  ]);
  return {
    payoutId: payout.id,
    household,
    allocations: allocations.map((a) => ({ ...a, fen: BigInt(a.fen) })),
    payouts,
    owedFen: -balance,
  };
}

export type ReceiptAnswerInput = { code: string; answer: "CONFIRMED" | "DISPUTED"; note?: string; recordedById?: string };

/**
 * A household's answer for a paid payout, taken once: "received" only while unanswered; "a
 * problem" also after a confirmation (money can turn out short), and it raises one alarm. Answers
 * race with conditional updates, so two taps, or the household and an operator at once, record one.
 */
export async function answerReceipt({ code, answer, note, recordedById }: ReceiptAnswerInput) {
  return db().$transaction(async (tx) => {
    const answerable = answer === "CONFIRMED" ? [null] : [null, "CONFIRMED" as const];
    const rows = await tx.payout.updateManyAndReturn({
      where: { receiptCode: code, householdId: { not: null }, status: "PAID", OR: answerable.map((value) => ({ receiptAnswer: value })) },
      data: { receiptAnswer: answer, receiptNote: note?.trim() || null, receiptAnsweredAt: new Date(), receiptRecordedById: recordedById ?? null },
      select: { id: true, batchId: true, amountFen: true, household: { select: { id: true, registrationCode: true, village: true } } },
    });
    const payout = rows[0];
    if (!payout?.household) {
      const found = await tx.payout.findFirst({ where: { receiptCode: code, householdId: { not: null } }, select: { status: true, receiptAnswer: true } });
      if (!found) throw new Refused("receipt_not_found");
      if (found.status !== "PAID") throw new Refused("not_paid_yet");
      throw new Refused(found.receiptAnswer === "DISPUTED" ? "already_disputed" : "already_confirmed");
    }
    if (answer === "DISPUTED") {
      await raiseAlarm(tx, {
        key: `receipt-disputed:${payout.id}`,
        kind: "receipt_disputed",
        detail: {
          payoutId: payout.id,
          batchId: payout.batchId,
          householdId: payout.household.id,
          registrationCode: payout.household.registrationCode,
          village: payout.household.village,
          amountFen: String(payout.amountFen),
          note: note?.trim() ?? "",
          byPhone: !!recordedById,
        },
      });
    }
    if (recordedById) await audit(tx, { actorId: recordedById, action: "receipt_record", subject: payout.id, details: { answer } });
    return { answer };
  });
}

export const CALLS_PER_PAGE = 50;

/** Paid payouts no one has answered for since `RECEIPT_CALL_AFTER_DAYS`: the oldest first. */
export async function callList(page: number, now = new Date()) {
  const before = new Date(now.getTime() - env().RECEIPT_CALL_AFTER_DAYS * 24 * 3600 * 1000);
  const where = { status: "PAID" as const, householdId: { not: null }, receiptAnswer: null, paidAt: { lt: before } };
  const [rows, total] = await Promise.all([
    reader().payout.findMany({
      where,
      orderBy: [{ paidAt: "asc" }, { id: "asc" }],
      skip: (page - 1) * CALLS_PER_PAGE,
      take: CALLS_PER_PAGE,
      select: {
        id: true,
        receiptCode: true,
        amountFen: true,
        method: true,
        paidAt: true,
        household: { select: { id: true, registrationCode: true, headName: true, village: true, county: true } },
      },
    }),
    reader().payout.count({ where }),
  ]);
  // Every row has its household (the filter above); the type cannot know it.
  return { rows: rows.flatMap((row) => (row.household ? [{ ...row, household: row.household }] : [])), total, days: env().RECEIPT_CALL_AFTER_DAYS };
}
