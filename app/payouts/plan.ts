// What a payout batch would pay: every payee (household, or cooperative in a settlement) owed
// something, and why those left out are held. Pure, so the dry run and the batch itself are the
// same computation.

export type PayeeBalance = {
  kind: "household" | "cooperative";
  /** The household or cooperative; null for the payable of products with no cooperative. */
  payeeId: string | null;
  /** The ledger account owed to it (household:<id>, cooperative:<id>). */
  payableKey: string;
  /** The household's registration code, or the cooperative's name (in Chinese; `nameEn` in English). */
  code: string;
  nameEn?: string;
  village: string;
  method: "STRIPE_CONNECT" | "DISBURSEMENT_LIST";
  /** The (household's) cooperative's connected account, for Stripe Connect payees. */
  destination: string | null;
  status: "ACTIVE" | "SUSPENDED" | "EXITED";
  /** Owed from before the period (amounts carried forward), net of earlier batches. */
  carriedFen: bigint;
  /** Allocated during the period, net of refunds. */
  periodFen: bigint;
};

export type HeldReason = "below-minimum" | "no-connected-account" | "suspended" | "owes-refunds" | "no-cooperative";

export type PlannedPayee = PayeeBalance & { owedFen: bigint; held: HeldReason | null };

export type PayoutPlan = {
  payees: PlannedPayee[];
  payFen: bigint;
  payCount: number;
  heldFen: bigint;
  heldCount: number;
};

function heldReason(balance: PayeeBalance, owedFen: bigint, minimumFen: bigint): HeldReason | null {
  if (owedFen < 0n) return "owes-refunds";
  if (balance.payeeId === null) return "no-cooperative";
  if (balance.status === "SUSPENDED") return "suspended";
  if (balance.method === "STRIPE_CONNECT" && !balance.destination) return "no-connected-account";
  if (owedFen < minimumFen) return "below-minimum";
  return null;
}

/** Payees owed nothing are left out; the rest are paid, or held and carried forward. */
export function planPayouts(balances: PayeeBalance[], minimumFen: bigint): PayoutPlan {
  const payees = balances
    .map((balance) => {
      const owedFen = balance.carriedFen + balance.periodFen;
      return { ...balance, owedFen, held: heldReason(balance, owedFen, minimumFen) };
    })
    .filter((payee) => payee.owedFen !== 0n);
  const paid = payees.filter((p) => !p.held);
  const held = payees.filter((p) => p.held && p.owedFen > 0n);
  return {
    payees,
    payFen: paid.reduce((sum, p) => sum + p.owedFen, 0n),
    payCount: paid.length,
    heldFen: held.reduce((sum, p) => sum + p.owedFen, 0n),
    heldCount: held.length,
  };
}
