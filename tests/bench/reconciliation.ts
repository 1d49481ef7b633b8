import { reconcile, type SideItem } from "~/ledger/reconcile";

// Reconciliation against a baseline measured in the same run: a Map join of the same items on
// (kind, payment, amount), the least any matching must do. Half the items are one payment intent's
// refunds (the shape that was quadratic), the rest one charge per intent.

const ITEMS = Number(process.env.BENCH_RECONCILE_ITEMS ?? 1_000_000);

function sides(count: number) {
  const start = Date.UTC(2026, 10, 1);
  const ledger: SideItem[] = [];
  const stripe: SideItem[] = [];
  for (let i = 0; i < count / 2; i++) {
    const oneIntent = i % 2 === 0;
    const kind = oneIntent ? "refund" : "charge";
    const matchKey = oneIntent ? "pi_big" : `pi_${i}`;
    const amountFen = BigInt(oneIntent ? -(100 + (i % 7)) : 1000 + (i % 13));
    const occurredAt = new Date(start + i * 1000);
    ledger.push({ id: `l${i}`, kind, matchKey, amountFen, occurredAt });
    stripe.push({ id: `s${i}`, kind, matchKey, amountFen, occurredAt: new Date(occurredAt.getTime() + 500) });
  }
  return { ledger, stripe, period: { start: new Date(start), end: new Date(start + count * 1000) } };
}

function mapJoin(ledger: SideItem[], stripe: SideItem[]) {
  const byKey = new Map<string, SideItem[]>();
  for (const s of stripe) {
    const key = `${s.kind} ${s.matchKey} ${s.amountFen}`;
    const list = byKey.get(key);
    if (list) list.push(s);
    else byKey.set(key, [s]);
  }
  let matched = 0;
  for (const l of ledger) if (byKey.get(`${l.kind} ${l.matchKey} ${l.amountFen}`)?.pop()) matched++;
  return matched;
}

function best(run: () => unknown, times = 3) {
  let fastest = Infinity;
  for (let i = 0; i < times; i++) {
    const started = performance.now();
    run();
    fastest = Math.min(fastest, performance.now() - started);
  }
  return fastest;
}

export function reconciliationBench() {
  const { ledger, stripe, period } = sides(ITEMS);
  const report = reconcile(ledger, stripe, period);
  if (report.some((item) => item.status !== "MATCHED") || report.length !== ITEMS / 2) throw new Error("the bench's items should all match");
  const baseline = best(() => mapJoin(ledger, stripe));
  const measured = best(() => reconcile(ledger, stripe, period));
  return { what: `reconciliation, ${ITEMS.toLocaleString("en")} items (half on one intent)`, items: ITEMS, ms: measured, baselineMs: baseline, ratio: measured / baseline };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const result = reconciliationBench();
  console.log(`${result.what}: ${result.ms.toFixed(0)} ms; Map-join baseline ${result.baselineMs.toFixed(0)} ms; ratio ${result.ratio.toFixed(2)}x`);
}
