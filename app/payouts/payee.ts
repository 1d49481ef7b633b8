// Who a payout pays, as the batch page and the disbursement list show it: a household (operators
// see its head's name), a cooperative, or the payee of an ecology-fund expense.

type PayoutWithPayee = {
  householdId: string | null;
  household: { registrationCode: string; headName: string; village: string } | null;
  cooperative: { nameZh: string; nameEn: string } | null;
  expense: { payeeName: string; description: string } | null;
};

export type Payee =
  | { kind: "household"; householdId: string; code: string; name: string; place: string }
  | { kind: "cooperative"; code: ""; name: string; nameEn: string; place: "" }
  | { kind: "expense"; code: ""; name: string; place: string };

export function payeeOf(payout: PayoutWithPayee): Payee {
  if (payout.household && payout.householdId) {
    return { kind: "household", householdId: payout.householdId, code: payout.household.registrationCode, name: payout.household.headName, place: payout.household.village };
  }
  if (payout.cooperative) return { kind: "cooperative", code: "", name: payout.cooperative.nameZh, nameEn: payout.cooperative.nameEn, place: "" };
  // The expense's description says what the money is for.
  return { kind: "expense", code: "", name: payout.expense?.payeeName ?? "", place: payout.expense?.description ?? "" };
}
