import { describe, expect, it } from "vitest";
import { planPayouts, type PayeeBalance } from "~/payouts/plan";

const payee = (code: string, fields: Partial<PayeeBalance>): PayeeBalance => ({
  householdId: `h-${code}`,
  registrationCode: code,
  village: "V",
  method: "DISBURSEMENT_LIST",
  destination: null,
  status: "ACTIVE",
  carriedFen: 0n,
  periodFen: 0n,
  ...fields,
});

describe("planning a payout batch", () => {
  it("pays what was carried forward plus the period, and carries amounts under the minimum forward", () => {
    const plan = planPayouts([payee("A", { carriedFen: 400n, periodFen: 700n }), payee("B", { periodFen: 999n }), payee("C", { periodFen: 1_000n })], 1_000n);
    expect(plan.payees.map((p) => [p.registrationCode, p.owedFen, p.held])).toEqual([
      ["A", 1_100n, null],
      ["B", 999n, "below-minimum"],
      ["C", 1_000n, null],
    ]);
    expect(plan).toMatchObject({ payFen: 2_100n, payCount: 2, heldFen: 999n, heldCount: 1 });
  });

  it("holds suspended households, Connect payees without an account, and households that owe refunds back", () => {
    const plan = planPayouts(
      [
        payee("A", { periodFen: 5_000n, status: "SUSPENDED" }),
        payee("B", { periodFen: 5_000n, method: "STRIPE_CONNECT", destination: null }),
        payee("C", { periodFen: 5_000n, method: "STRIPE_CONNECT", destination: "acct_1" }),
        payee("D", { carriedFen: -300n }),
        payee("E", {}),
      ],
      100n,
    );
    expect(plan.payees.map((p) => [p.registrationCode, p.held])).toEqual([
      ["A", "suspended"],
      ["B", "no-connected-account"],
      ["C", null],
      ["D", "owes-refunds"],
    ]);
    expect(plan).toMatchObject({ payFen: 5_000n, payCount: 1, heldFen: 10_000n, heldCount: 2 });
  });
});
