// Matching the ledger against Stripe, item by item. Pure: the same inputs give the same report.
// Charges and refunds meet on the payment intent, transfers on the payout they were made for.
// Both sides are fetched over a window wider than the period, so an item that crossed midnight
// between Stripe and the ledger still matches; what stays unmatched is reported only if it falls
// inside the period (the neighbouring period's run reports the rest).

export type ItemKind = "charge" | "refund" | "transfer";

export type SideItem = { id: string; kind: ItemKind; matchKey: string; amountFen: bigint; occurredAt: Date };

export type ReportItem = {
  status: "MATCHED" | "MISSING_IN_LEDGER" | "MISSING_AT_STRIPE" | "AMOUNT_MISMATCH";
  kind: ItemKind;
  stripeId: string | null;
  ledgerKey: string | null;
  stripeAmountFen: bigint | null;
  ledgerAmountFen: bigint | null;
  occurredAt: Date;
};

const groupKey = (item: SideItem) => `${item.kind} ${item.matchKey}`;

function groups(items: SideItem[]) {
  const map = new Map<string, SideItem[]>();
  for (const item of [...items].sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime() || a.id.localeCompare(b.id))) {
    map.set(groupKey(item), [...(map.get(groupKey(item)) ?? []), item]);
  }
  return map;
}

export function reconcile(ledger: SideItem[], stripe: SideItem[], period: { start: Date; end: Date }): ReportItem[] {
  const inPeriod = (item: SideItem) => item.occurredAt >= period.start && item.occurredAt < period.end;
  const ledgerGroups = groups(ledger);
  const stripeGroups = groups(stripe);
  const report: ReportItem[] = [];
  const pair = (status: ReportItem["status"], l: SideItem, s: SideItem) =>
    report.push({ status, kind: l.kind, stripeId: s.id, ledgerKey: l.id, stripeAmountFen: s.amountFen, ledgerAmountFen: l.amountFen, occurredAt: s.occurredAt });

  for (const key of new Set([...ledgerGroups.keys(), ...stripeGroups.keys()])) {
    const ledgerLeft = [...(ledgerGroups.get(key) ?? [])];
    const stripeLeft = [...(stripeGroups.get(key) ?? [])];
    // Equal amounts first (two partial refunds of one payment may arrive in either order)...
    for (const l of [...ledgerLeft]) {
      const s = stripeLeft.find((candidate) => candidate.amountFen === l.amountFen);
      if (!s) continue;
      ledgerLeft.splice(ledgerLeft.indexOf(l), 1);
      stripeLeft.splice(stripeLeft.indexOf(s), 1);
      if (inPeriod(l) || inPeriod(s)) pair("MATCHED", l, s);
    }
    // ...then what remains on both sides for the same payment or payout differs in amount...
    while (ledgerLeft.length && stripeLeft.length) {
      const l = ledgerLeft.shift()!;
      const s = stripeLeft.shift()!;
      if (inPeriod(l) || inPeriod(s)) pair("AMOUNT_MISMATCH", l, s);
    }
    // ...and the rest is on one side only.
    for (const l of ledgerLeft.filter(inPeriod)) {
      report.push({ status: "MISSING_AT_STRIPE", kind: l.kind, stripeId: null, ledgerKey: l.id, stripeAmountFen: null, ledgerAmountFen: l.amountFen, occurredAt: l.occurredAt });
    }
    for (const s of stripeLeft.filter(inPeriod)) {
      report.push({ status: "MISSING_IN_LEDGER", kind: s.kind, stripeId: s.id, ledgerKey: null, stripeAmountFen: s.amountFen, ledgerAmountFen: null, occurredAt: s.occurredAt });
    }
  }
  return report.sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime() || (a.stripeId ?? a.ledgerKey ?? "").localeCompare(b.stripeId ?? b.ledgerKey ?? ""));
}
