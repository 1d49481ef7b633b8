import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { reconcile, type SideItem } from "~/ledger/reconcile";

const at = (minutes: number) => new Date(Date.UTC(2026, 10, 28, 12, minutes));
const period = { start: at(0), end: at(60) };
const item = (id: string, kind: SideItem["kind"], matchKey: string, amountFen: bigint, minutes = 10): SideItem => ({ id, kind, matchKey, amountFen, occurredAt: at(minutes) });

describe("reconciling the ledger with Stripe", () => {
  it("matches by payment or payout and amount, whatever the order of partial refunds", () => {
    const ledger = [item("order-paid:1", "charge", "pi_1", 1_000n), item("r:1:300", "refund", "pi_1", -300n, 20), item("r:1:500", "refund", "pi_1", -200n, 21), item("payout-paid:p", "transfer", "p", -700n)];
    const stripe = [item("txn_c", "charge", "pi_1", 1_000n), item("txn_r2", "refund", "pi_1", -200n, 19), item("txn_r1", "refund", "pi_1", -300n, 22), item("tr_1", "transfer", "p", -700n)];
    const report = reconcile(ledger, stripe, period);
    expect(report.every((r) => r.status === "MATCHED")).toBe(true);
    expect(report.map((r) => [r.ledgerKey, r.stripeId]).sort()).toEqual([
      ["order-paid:1", "txn_c"],
      ["payout-paid:p", "tr_1"],
      ["r:1:300", "txn_r1"],
      ["r:1:500", "txn_r2"],
    ]);
  });

  it("reports each kind of difference, and leaves items of neighbouring periods to their own runs", () => {
    const ledger = [item("order-paid:1", "charge", "pi_1", 1_000n), item("order-paid:2", "charge", "pi_2", 500n), item("order-paid:0", "charge", "pi_0", 50n, -30)];
    const stripe = [item("txn_1", "charge", "pi_1", 990n), item("txn_3", "charge", "pi_3", 70n), item("txn_4", "charge", "pi_4", 80n, 90), item("txn_2", "charge", "pi_2", 500n, 61)];
    const report = reconcile(ledger, stripe, period);
    expect(report.map((r) => [r.status, r.ledgerKey, r.stripeId])).toEqual([
      ["AMOUNT_MISMATCH", "order-paid:1", "txn_1"],
      ["MISSING_IN_LEDGER", null, "txn_3"],
      ["MATCHED", "order-paid:2", "txn_2"],
    ]);
  });

  it("is deterministic: the same items in another order give the same report", () => {
    const ledger = [item("a", "charge", "pi_1", 100n), item("b", "refund", "pi_1", -40n, 11), item("c", "refund", "pi_1", -40n, 12)];
    const stripe = [item("x", "refund", "pi_1", -40n, 13), item("y", "refund", "pi_1", -41n, 14), item("z", "charge", "pi_1", 100n, 9)];
    expect(reconcile([...ledger].reverse(), [...stripe].reverse(), period)).toEqual(reconcile(ledger, stripe, period));
  });

  it("pairs a group the way one-by-one matching would: each ledger item with the earliest Stripe item of its amount, then the rest in order", () => {
    // The oracle: the straightforward matching, quadratic in a group's size (what ran before).
    const oracle = (ledger: SideItem[], stripe: SideItem[]) => {
      const order = (items: SideItem[]) => [...items].sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime() || (a.id < b.id ? -1 : 1));
      const ledgerLeft = order(ledger);
      const stripeLeft = order(stripe);
      const pairs: string[] = [];
      for (const l of [...ledgerLeft]) {
        const s = stripeLeft.find((candidate) => candidate.amountFen === l.amountFen);
        if (!s) continue;
        ledgerLeft.splice(ledgerLeft.indexOf(l), 1);
        stripeLeft.splice(stripeLeft.indexOf(s), 1);
        pairs.push(`MATCHED ${l.id} ${s.id}`);
      }
      while (ledgerLeft.length && stripeLeft.length) pairs.push(`AMOUNT_MISMATCH ${ledgerLeft.shift()!.id} ${stripeLeft.shift()!.id}`);
      return [...pairs, ...ledgerLeft.map((l) => `MISSING_AT_STRIPE ${l.id} -`), ...stripeLeft.map((s) => `MISSING_IN_LEDGER - ${s.id}`)].sort();
    };
    const side = (prefix: string) =>
      fc.array(fc.record({ amount: fc.integer({ min: -5, max: 5 }), minute: fc.integer({ min: 0, max: 59 }) }), { maxLength: 30 }).map((rows) =>
        rows.map((row, i) => item(`${prefix}${String(i).padStart(2, "0")}`, "refund", "pi_1", BigInt(row.amount), row.minute)),
      );
    fc.assert(
      fc.property(side("l"), side("s"), (ledger, stripe) => {
        const report = reconcile(ledger, stripe, period).map((r) => `${r.status} ${r.ledgerKey ?? "-"} ${r.stripeId ?? "-"}`).sort();
        expect(report).toEqual(oracle(ledger, stripe));
      }),
      { numRuns: 300 },
    );
  });
});
