import type { MoneyAccountKind, Prisma } from "@prisma/client";
import { db } from "~/db/client.server";
import { largestRemainder } from "~/money/revenue-share";
import { poolWeights } from "~/payouts/household-work.server";
import { appendToPublicLog } from "~/transparency/public-log.server";

// The double-entry money ledger, in integer fen: positive amounts are debits, negative are credits,
// and every transaction sums to zero. Balances of households, cooperatives, funds and the platform
// are derived from entries, never stored. Each posting is idempotent on its business key.

type Tx = Prisma.TransactionClient;
type Kind = MoneyAccountKind;
type AccountRef = { key: string; kind: Kind; projectId?: string | null; householdId?: string | null; cooperativeId?: string | null };
export type LedgerLine = { account: AccountRef; amountFen: bigint; orderLineId?: string | null };

export const accounts = {
  stripeClearing: (): AccountRef => ({ key: "stripe-clearing", kind: "STRIPE_CLEARING" }),
  platform: (): AccountRef => ({ key: "platform-revenue", kind: "PLATFORM_REVENUE" }),
  ecology: (projectId: string): AccountRef => ({ key: `ecology-fund:${projectId}`, kind: "ECOLOGY_FUND", projectId }),
  household: (householdId: string, projectId: string): AccountRef => ({ key: `household:${householdId}`, kind: "HOUSEHOLD_PAYABLE", householdId, projectId }),
  unallocatedPool: (projectId: string): AccountRef => ({ key: `household-pool-unallocated:${projectId}`, kind: "HOUSEHOLD_POOL_UNALLOCATED", projectId }),
  cooperative: (cooperativeId: string | null, projectId: string): AccountRef =>
    cooperativeId ? { key: `cooperative:${cooperativeId}`, kind: "COOPERATIVE_PAYABLE", cooperativeId, projectId } : { key: `cooperative-unassigned:${projectId}`, kind: "COOPERATIVE_PAYABLE", projectId },
  payoutsInTransit: (): AccountRef => ({ key: "payouts-in-transit", kind: "PAYOUTS_IN_TRANSIT" }),
  disbursementClearing: (): AccountRef => ({ key: "disbursement-clearing", kind: "DISBURSEMENT_CLEARING" }),
  fees: (): AccountRef => ({ key: "stripe-fees", kind: "FEES" }),
  customerRefunds: (): AccountRef => ({ key: "customer-refunds", kind: "CUSTOMER_REFUNDS" }),
  bank: (): AccountRef => ({ key: "bank", kind: "BANK" }),
  /** A payout's payable, by its key (it exists: the payout was reserved from it). */
  payable: (key: string): AccountRef => ({ key, kind: payableKind(key) }),
};

export class UnbalancedTransaction extends Error {}

/** Records one balanced transaction, once: false when its business key was already posted. */
export async function postTransaction(tx: Tx, businessKey: string, kind: string, orderId: string | null, lines: LedgerLine[]): Promise<boolean> {
  const byAccount = new Map<string, LedgerLine>();
  for (const line of lines) {
    const key = `${line.account.key}|${line.orderLineId ?? ""}`;
    const current = byAccount.get(key);
    byAccount.set(key, { ...line, amountFen: (current?.amountFen ?? 0n) + line.amountFen });
  }
  const entries = [...byAccount.values()].filter((e) => e.amountFen !== 0n);
  if (entries.reduce((sum, e) => sum + e.amountFen, 0n) !== 0n) throw new UnbalancedTransaction(`${businessKey} does not sum to zero`);
  const inserted = await tx.$executeRaw`INSERT INTO "MoneyTransaction" (id, "businessKey", kind, "orderId") VALUES (${`mt_${businessKey}`}, ${businessKey}, ${kind}, ${orderId}) ON CONFLICT ("businessKey") DO NOTHING`;
  if (inserted === 0) return false;
  for (const account of new Map(entries.map((e) => [e.account.key, e.account])).values()) {
    await tx.moneyAccount.upsert({ where: { key: account.key }, update: {}, create: account });
  }
  const ids = new Map((await tx.moneyAccount.findMany({ where: { key: { in: entries.map((e) => e.account.key) } }, select: { id: true, key: true } })).map((a) => [a.key, a.id]));
  await tx.moneyEntry.createMany({ data: entries.map((e) => ({ transactionId: `mt_${businessKey}`, accountId: ids.get(e.account.key)!, amountFen: e.amountFen, orderLineId: e.orderLineId ?? null })) });
  return true;
}

/**
 * A paid order: the buyer's money arrives in Stripe clearing and is owed onward: the unit cost to
 * the cooperative, the ecology and platform shares, and the household pool split over the
 * project's active households by weight (largest remainder; registered weights or days worked,
 * app/payouts/household-work.server.ts), or held unallocated if it has none.
 * A payment that came after its order expired, with the stock gone, is owed back to the buyer.
 */
export async function postOrderPaid(orderId: string): Promise<boolean> {
  return db().$transaction(async (tx) => {
    const order = await tx.order.findUniqueOrThrow({ where: { id: orderId }, include: { lines: { include: { product: { select: { projectId: true, cooperativeId: true } } } } } });
    if (order.latePayment === "REFUNDED") {
      // Paid after it expired, with the stock gone: nothing was sold, the money is owed back.
      return postTransaction(tx, `order-paid:${orderId}`, "ORDER_PAID", orderId, [
        { account: accounts.stripeClearing(), amountFen: order.totalFen },
        { account: accounts.customerRefunds(), amountFen: -order.totalFen },
      ]);
    }
    const lines: LedgerLine[] = [];
    for (const line of order.lines) {
      const { projectId, cooperativeId } = line.product;
      const orderLineId = line.id;
      lines.push({ account: accounts.stripeClearing(), amountFen: line.unitPriceFen * BigInt(line.quantity), orderLineId });
      lines.push({ account: accounts.cooperative(cooperativeId, projectId), amountFen: -line.costFen, orderLineId });
      lines.push({ account: accounts.ecology(projectId), amountFen: -line.ecologyFen, orderLineId });
      lines.push({ account: accounts.platform(), amountFen: -line.platformFen, orderLineId });
      const households = await poolWeights(tx, projectId, order.paidAt ?? order.createdAt);
      if (!households.length) {
        lines.push({ account: accounts.unallocatedPool(projectId), amountFen: -line.householdFen, orderLineId });
      } else {
        const shares = largestRemainder(line.householdFen, households.map((h) => h.weight));
        households.forEach((h, i) => lines.push({ account: accounts.household(h.id, projectId), amountFen: -shares[i]!, orderLineId }));
      }
    }
    const posted = await postTransaction(tx, `order-paid:${orderId}`, "ORDER_PAID", orderId, lines);
    if (posted) await logHouseholdShares(tx, `order-paid:${orderId}`, orderId, lines);
    return posted;
  });
}

/**
 * The public log's row of a posting: per project, what its households were credited (a refund:
 * debited) and how many households shared it; no household is named.
 */
async function logHouseholdShares(tx: Tx, businessKey: string, orderId: string, lines: LedgerLine[]) {
  const byProject = new Map<string, { fen: bigint; households: Set<string> }>();
  for (const line of lines) {
    const { kind, projectId, key } = line.account;
    if ((kind !== "HOUSEHOLD_PAYABLE" && kind !== "HOUSEHOLD_POOL_UNALLOCATED") || !projectId) continue;
    const project = byProject.get(projectId) ?? byProject.set(projectId, { fen: 0n, households: new Set() }).get(projectId)!;
    project.fen -= line.amountFen;
    if (kind === "HOUSEHOLD_PAYABLE" && line.amountFen !== 0n) project.households.add(key);
  }
  if (!byProject.size) return;
  const slugs = new Map((await tx.project.findMany({ where: { id: { in: [...byProject.keys()] } }, select: { id: true, slug: true } })).map((p) => [p.id, p.slug]));
  await appendToPublicLog(tx, {
    kind: "household_share",
    ref: businessKey,
    data: {
      order: orderId,
      projects: [...byProject].map(([projectId, share]) => ({ project: slugs.get(projectId)!, households: share.households.size, fen: String(share.fen) })),
    },
  });
}

/**
 * A refund, given as the charge's cumulative refunded amount: the part not yet posted reverses
 * every credit of the sale in proportion (largest remainder), so a full refund brings each account
 * back to where it was before the order.
 */
export async function postOrderRefunded(orderId: string, cumulativeRefundedFen: bigint): Promise<boolean> {
  return db().$transaction(async (tx) => {
    const sale = await tx.moneyTransaction.findUnique({ where: { businessKey: `order-paid:${orderId}` }, include: { entries: { include: { account: true } } } });
    if (!sale) throw new Error(`order ${orderId} was refunded before its sale was posted`);
    const [posted] = await tx.$queryRaw<{ refunded: bigint | null }[]>`
      SELECT (-sum(e."amountFen"))::bigint AS refunded FROM "MoneyEntry" e
      JOIN "MoneyTransaction" t ON t.id = e."transactionId" JOIN "MoneyAccount" a ON a.id = e."accountId"
      WHERE t."orderId" = ${orderId} AND t.kind = 'ORDER_REFUNDED' AND a.kind = 'STRIPE_CLEARING'`;
    const delta = cumulativeRefundedFen - BigInt(posted?.refunded ?? 0);
    if (delta <= 0n) return false;
    // Every entry of the sale is reversed in proportion, line by line: credits by the refund's
    // share of what they received, the Stripe clearing debits by its share of each line's price.
    const credits = sale.entries.filter((e) => e.amountFen < 0n);
    const debits = sale.entries.filter((e) => e.amountFen > 0n);
    const creditParts = largestRemainder(delta, credits.map((e) => -e.amountFen));
    const debitParts = largestRemainder(delta, debits.map((e) => e.amountFen));
    const lines: LedgerLine[] = [
      ...credits.map((e, i) => ({ account: e.account, amountFen: creditParts[i]!, orderLineId: e.orderLineId })),
      ...debits.map((e, i) => ({ account: e.account, amountFen: -debitParts[i]!, orderLineId: e.orderLineId })),
    ];
    const key = `order-refunded:${orderId}:${cumulativeRefundedFen}`;
    const made = await postTransaction(tx, key, "ORDER_REFUNDED", orderId, lines);
    if (made) await logHouseholdShares(tx, key, orderId, lines);
    return made;
  });
}

/** Transactions that do not sum to zero: must always be none. */
export async function unbalancedTransactions(client: Pick<Tx, "$queryRaw"> = db()): Promise<string[]> {
  const rows = await client.$queryRaw<{ businessKey: string }[]>`
    SELECT t."businessKey" FROM "MoneyTransaction" t JOIN "MoneyEntry" e ON e."transactionId" = t.id
    GROUP BY t.id HAVING sum(e."amountFen") <> 0`;
  return rows.map((r) => r.businessKey);
}

/** An account's balance (debits minus credits); payables are negative while owed. */
export async function balanceOf(key: string): Promise<bigint> {
  const [row] = await db().$queryRaw<{ balance: bigint | null }[]>`
    SELECT sum(e."amountFen")::bigint AS balance FROM "MoneyEntry" e JOIN "MoneyAccount" a ON a.id = e."accountId" WHERE a.key = ${key}`;
  return BigInt(row?.balance ?? 0);
}

type PayoutRef = { id: string; amountFen: bigint; payableKey: string };

/** The kind of a payable a payout is reserved from, by its key's prefix (see `accounts`). */
function payableKind(key: string): Kind {
  if (key.startsWith("household:")) return "HOUSEHOLD_PAYABLE";
  if (key.startsWith("cooperative")) return "COOPERATIVE_PAYABLE";
  if (key.startsWith("ecology-fund:")) return "ECOLOGY_FUND";
  throw new Error(`not a payable: ${key}`);
}

/**
 * A batch's payouts reserved, all at once: each still its own transaction (`payout-reserved:<payout>`,
 * the payee's payable, or the ecology fund, to payouts-in-transit), but written in two statements for the whole batch
 * rather than five per payout, so a batch of 100,000 builds in seconds. Idempotent like any posting.
 */
export async function postBatchReserved(tx: Tx, batchId: string): Promise<number> {
  await tx.moneyAccount.upsert({ where: { key: accounts.payoutsInTransit().key }, update: {}, create: accounts.payoutsInTransit() });
  // A payee is owed, so its payable account has entries already.
  const [made] = await tx.$queryRaw<{ transactions: number; entries: number }[]>`
    WITH made AS (
      INSERT INTO "MoneyTransaction" (id, "businessKey", kind)
      SELECT 'mt_payout-reserved:' || p.id, 'payout-reserved:' || p.id, 'PAYOUT_RESERVED' FROM "Payout" p WHERE p."batchId" = ${batchId}
      ON CONFLICT ("businessKey") DO NOTHING
      RETURNING id, substr("businessKey", length('payout-reserved:') + 1) AS "payoutId"
    ), entries AS (
      INSERT INTO "MoneyEntry" ("transactionId", "accountId", "amountFen")
      SELECT m.id, a.id, p."amountFen" FROM made m JOIN "Payout" p ON p.id = m."payoutId" JOIN "MoneyAccount" a ON a.key = p."payableKey"
      UNION ALL
      SELECT m.id, t.id, -p."amountFen" FROM made m JOIN "Payout" p ON p.id = m."payoutId" CROSS JOIN (SELECT id FROM "MoneyAccount" WHERE key = 'payouts-in-transit') t
      RETURNING 1
    )
    SELECT (SELECT count(*) FROM made)::int AS transactions, (SELECT count(*) FROM entries)::int AS entries`;
  if (made!.entries !== made!.transactions * 2) throw new UnbalancedTransaction(`batch ${batchId}: a payee without a payable account`);
  return made!.transactions;
}

/** Accounts this process has made sure of (accounts are never deleted): asked of the database once each. */
const ensured = new Set<string>();
export async function ensureAccounts(client: Pick<Tx, "moneyAccount">, refs: AccountRef[]) {
  for (const ref of refs) {
    if (ensured.has(ref.key)) continue;
    await client.moneyAccount.upsert({ where: { key: ref.key }, update: {}, create: ref });
    ensured.add(ref.key);
  }
}

/** A payout that failed or was cancelled: the amount is owed to its payee (or back in the fund) again. */
export function postPayoutReturned(tx: Tx, payout: PayoutRef) {
  return postTransaction(tx, `payout-returned:${payout.id}`, "PAYOUT_RETURNED", null, [
    { account: accounts.payoutsInTransit(), amountFen: payout.amountFen },
    { account: accounts.payable(payout.payableKey), amountFen: -payout.amountFen },
  ]);
}

/** A processing fee Stripe took from a charge, known from its balance transaction. */
export function postStripeFee(tx: Tx, balanceTransactionId: string, feeFen: bigint, orderId: string | null) {
  return postTransaction(tx, `stripe-fee:${balanceTransactionId}`, "STRIPE_FEE", orderId, [
    { account: accounts.fees(), amountFen: feeFen },
    { account: accounts.stripeClearing(), amountFen: -feeFen },
  ]);
}
