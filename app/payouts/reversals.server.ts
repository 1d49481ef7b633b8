import { raiseAlarm } from "~/alarms/alarms.server";
import type { Tx } from "~/db/client.server";
import { accounts, postTransaction } from "~/ledger/money-ledger.server";

// What Stripe tells us about money after it left in a payout (its webhooks):
// - a Connect transfer reversed (`transfer.reversed`): the connected account gave some or all of
//   it back to our balance, so it is owed to the payee again and goes into its next batch; an
//   operator is told (an alarm), since a reversal means something went wrong;
// - a payout of our balance to the bank (`payout.paid`, `payout.failed`): money leaves Stripe
//   clearing for the bank, or comes back when the bank refused it.
// Events may come twice or out of order; each posting is keyed (by the reversal's or the payout's
// Stripe id) so it is made once.

/**
 * A transfer's reversals (the `reversals` Stripe lists on the transfer), each posted once by its
 * id: Stripe clearing back up, the payee's payable (or the ecology fund) owed again. The payout
 * keeps the total reversed, moved only by a posting that was new, so two deliveries of the same
 * event, or an older event after a newer one, add nothing.
 */
export async function recordTransferReversed(tx: Tx, transferId: string, reversals: { id: string; amount: bigint }[]) {
  const payout = await tx.payout.findUnique({ where: { transferId }, select: { id: true, batchId: true, payableKey: true } });
  if (!payout) {
    await raiseAlarm(tx, { key: `reversal-unknown:${transferId}`, kind: "reversal_of_unknown_transfer", detail: { transferId } });
    return { posted: 0n };
  }
  let posted = 0n;
  for (const reversal of reversals) {
    const fresh = await postTransaction(tx, `payout-reversed:${payout.id}:${reversal.id}`, "PAYOUT_REVERSED", null, [
      { account: accounts.stripeClearing(), amountFen: reversal.amount },
      { account: accounts.payable(payout.payableKey), amountFen: -reversal.amount },
    ]);
    if (!fresh) continue;
    await tx.payout.update({ where: { id: payout.id }, data: { reversedFen: { increment: reversal.amount } } });
    await raiseAlarm(tx, {
      key: `payout-reversed:${reversal.id}`,
      kind: "payout_reversed",
      detail: { payoutId: payout.id, batchId: payout.batchId, transferId, payableKey: payout.payableKey, amountFen: String(reversal.amount) },
    });
    posted += reversal.amount;
  }
  return { posted };
}

/** Stripe paid (part of) our balance out to the bank: Stripe clearing to the bank, once per payout. */
export function recordBankPayout(tx: Tx, payoutId: string, amountFen: bigint) {
  return postTransaction(tx, `bank-payout:${payoutId}`, "BANK_PAYOUT", null, [
    { account: accounts.bank(), amountFen },
    { account: accounts.stripeClearing(), amountFen: -amountFen },
  ]);
}

/**
 * The bank refused a payout: the money is back in our Stripe balance. Its payment is posted first
 * (once, like any posting) and then undone, so the end is the same whichever of `payout.paid` and
 * `payout.failed` arrives first: a `paid` coming late finds its posting made and adds nothing.
 */
export async function recordBankPayoutFailed(tx: Tx, payoutId: string, amountFen: bigint) {
  await recordBankPayout(tx, payoutId, amountFen);
  return postTransaction(tx, `bank-payout-failed:${payoutId}`, "BANK_PAYOUT_FAILED", null, [
    { account: accounts.stripeClearing(), amountFen },
    { account: accounts.bank(), amountFen: -amountFen },
  ]);
}
