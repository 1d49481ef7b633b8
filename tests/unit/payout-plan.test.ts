import { describe, expect, it } from "vitest";
import { planPayouts, type PayeeBalance } from "~/payouts/plan";

const payee = (code: string, fields: Partial<PayeeBalance>): PayeeBalance => ({
  kind: "household",
  payeeId: `h-${code}`,
  payableKey: `household:h-${code}`,
  code,
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
    expect(plan.payees.map((p) => [p.code, p.owedFen, p.held])).toEqual([
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
    expect(plan.payees.map((p) => [p.code, p.held])).toEqual([
      ["A", "suspended"],
      ["B", "no-connected-account"],
      ["C", null],
      ["D", "owes-refunds"],
    ]);
    expect(plan).toMatchObject({ payFen: 5_000n, payCount: 1, heldFen: 10_000n, heldCount: 2 });
  });

  it("settles cooperatives, and holds what is owed for products with no cooperative", () => {
    const cooperative = (id: string | null, fields: Partial<PayeeBalance>) =>
      payee(id ?? "none", { kind: "cooperative", payeeId: id, payableKey: id ? `cooperative:${id}` : "cooperative-unassigned:p", ...fields });
    const plan = planPayouts([cooperative("c1", { periodFen: 9_000n, method: "STRIPE_CONNECT", destination: "acct_1" }), cooperative(null, { periodFen: 800n })], 100n);
    expect(plan.payees.map((p) => [p.payableKey, p.held])).toEqual([
      ["cooperative:c1", null],
      ["cooperative-unassigned:p", "no-cooperative"],
    ]);
    expect(plan).toMatchObject({ payFen: 9_000n, payCount: 1, heldFen: 800n, heldCount: 1 });
  });
});
