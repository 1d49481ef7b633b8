// Matching the ledger against Stripe, item by item. Pure: the same inputs give the same report.
// Charges and refunds meet on the payment intent, transfers on the payout they were made for,
// reversals on the transfer they reversed, payouts to the bank on Stripe's payout.
// Both sides are fetched over a window wider than the period, so an item that crossed midnight
// between Stripe and the ledger still matches; what stays unmatched is reported only if it falls
// inside the period (the neighbouring period's run reports the rest).

export type ItemKind = "charge" | "refund" | "transfer" | "reversal" | "bank_payout";

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

/** In time order, ties by id (code points): the times read once, not in every comparison. */
function inTimeOrder<T>(items: T[], time: (item: T) => number, id: (item: T) => string): T[] {
  if (isInTimeOrder(items, time, id)) return items; // as the database gives them: nothing to sort
  const keyed = items.map((item) => ({ item, at: time(item), id: id(item) }));
  keyed.sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return keyed.map((entry) => entry.item);
}

function isInTimeOrder<T>(items: T[], time: (item: T) => number, id: (item: T) => string) {
  for (let i = 1; i < items.length; i++) {
    const [before, after] = [time(items[i - 1]!), time(items[i]!)];
    if (before > after || (before === after && id(items[i - 1]!) > id(items[i]!))) return false;
  }
  return true;
}

type Group = { ledger: SideItem[]; stripe: SideItem[] };

/**
 * Both sides' items by kind and payment (or payout), each in time order: one map per kind keyed by
 * the payment itself, so no key is built per item.
 */
function groups(ledger: SideItem[], stripe: SideItem[]) {
  const byKind = new Map<ItemKind, Map<string, Group>>();
  const add = (items: SideItem[], side: keyof Group) => {
    for (const item of inTimeOrder(items, (i) => i.occurredAt.getTime(), (i) => i.id)) {
      let kind = byKind.get(item.kind);
      if (!kind) byKind.set(item.kind, (kind = new Map()));
      let group = kind.get(item.matchKey);
      if (!group) kind.set(item.matchKey, (group = { ledger: [], stripe: [] }));
      group[side].push(item);
    }
  };
  add(ledger, "ledger");
  add(stripe, "stripe");
  return [...byKind.values()].flatMap((kind) => [...kind.values()]);
}

/**
 * Pairs a group's ledger items with its Stripe items of the same amount, each ledger item (in time
 * order) with the earliest Stripe item of its amount not yet taken: one pass over each side, so a
 * payment intent with 32,000 refunds costs what 32,000 separate payments do.
 */
function pairEqualAmounts(ledger: SideItem[], stripe: SideItem[]) {
  // The common case, one payment and its one charge: nothing to index.
  if (ledger.length <= 1 && stripe.length <= 1) {
    const equal = ledger.length === 1 && stripe.length === 1 && ledger[0]!.amountFen === stripe[0]!.amountFen;
    return equal ? { pairs: [[ledger[0]!, stripe[0]!]] as [SideItem, SideItem][], ledgerLeft: [], stripeLeft: [] } : { pairs: [], ledgerLeft: ledger, stripeLeft: stripe };
  }
  // Each amount's Stripe items (their positions, in time order) and how many were taken.
  const byAmount = new Map<bigint, { at: number[]; next: number }>();
  stripe.forEach((s, i) => {
    const queue = byAmount.get(s.amountFen);
    if (queue) queue.at.push(i);
    else byAmount.set(s.amountFen, { at: [i], next: 0 });
  });
  const taken = new Uint8Array(stripe.length);
  const pairs: [SideItem, SideItem][] = [];
  const ledgerLeft: SideItem[] = [];
  for (const l of ledger) {
    const queue = byAmount.get(l.amountFen);
    if (!queue || queue.next >= queue.at.length) {
      ledgerLeft.push(l);
      continue;
    }
    const i = queue.at[queue.next++]!;
    taken[i] = 1;
    pairs.push([l, stripe[i]!]);
  }
  return { pairs, ledgerLeft, stripeLeft: stripe.filter((_, i) => !taken[i]) };
}

export function reconcile(ledger: SideItem[], stripe: SideItem[], period: { start: Date; end: Date }): ReportItem[] {
  const [start, end] = [period.start.getTime(), period.end.getTime()];
  const inPeriod = (item: SideItem) => item.occurredAt.getTime() >= start && item.occurredAt.getTime() < end;

  const report: ReportItem[] = [];
  const pair = (status: ReportItem["status"], l: SideItem, s: SideItem) =>
    report.push({ status, kind: l.kind, stripeId: s.id, ledgerKey: l.id, stripeAmountFen: s.amountFen, ledgerAmountFen: l.amountFen, occurredAt: s.occurredAt });

  for (const group of groups(ledger, stripe)) {
    // Equal amounts first (two partial refunds of one payment may arrive in either order)...
    const { pairs, ledgerLeft, stripeLeft } = pairEqualAmounts(group.ledger, group.stripe);
    for (const [l, s] of pairs) if (inPeriod(l) || inPeriod(s)) pair("MATCHED", l, s);
    // ...then what remains on both sides for the same payment or payout differs in amount...
    const mismatched = Math.min(ledgerLeft.length, stripeLeft.length);
    for (let i = 0; i < mismatched; i++) {
      const l = ledgerLeft[i]!;
      const s = stripeLeft[i]!;
      if (inPeriod(l) || inPeriod(s)) pair("AMOUNT_MISMATCH", l, s);
    }
    // ...and the rest is on one side only.
    ledgerLeft.splice(0, mismatched);
    stripeLeft.splice(0, mismatched);
    for (const l of ledgerLeft.filter(inPeriod)) {
      report.push({ status: "MISSING_AT_STRIPE", kind: l.kind, stripeId: null, ledgerKey: l.id, stripeAmountFen: null, ledgerAmountFen: l.amountFen, occurredAt: l.occurredAt });
    }
    for (const s of stripeLeft.filter(inPeriod)) {
      report.push({ status: "MISSING_IN_LEDGER", kind: s.kind, stripeId: s.id, ledgerKey: null, stripeAmountFen: s.amountFen, ledgerAmountFen: null, occurredAt: s.occurredAt });
    }
  }
  return inTimeOrder(report, (r) => r.occurredAt.getTime(), (r) => r.stripeId ?? r.ledgerKey ?? "");
}
