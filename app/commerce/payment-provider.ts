import type { Delivery } from "./delivery";

// What a payment provider does for us, whichever it is (provider.server.ts picks one). Types only,
// so the providers and the picker do not import each other.

export type CheckoutLine = { name: string; unitAmountFen: bigint; quantity: number };

export type CheckoutSession = {
  id: string;
  url: string;
  status: "open" | "complete" | "expired";
  paymentStatus: "paid" | "unpaid" | "no_payment_required";
  paymentIntentId: string | null;
  orderId: string | null;
  /** What the session charges, as the provider says: checked against the order before it counts as paid. */
  amountTotalFen: bigint | null;
  currency: string | null;
  /** Where to send the order, as the checkout page collected it (null until it did). */
  shipTo: Delivery | null;
};

/** A movement of the platform's Stripe balance, as reconciliation compares it with the ledger. */
export type BalanceItem = {
  id: string;
  kind: "charge" | "refund" | "transfer" | "reversal" | "bank_payout" | "other";
  /** Signed as Stripe signs it: charges add to the balance, refunds and transfers take from it. */
  amountFen: bigint;
  feeFen: bigint;
  paymentIntentId: string | null;
  transferId: string | null;
  payoutId: string | null;
  /** The transfer reversal (trr_…) a reversal item is. */
  reversalId: string | null;
  /** Stripe's payout to the bank (po_…) a bank_payout item is. */
  bankPayoutId: string | null;
  created: Date;
};

export type TransferInput = { amountFen: bigint; currency: string; destination: string; transferGroup: string; payoutId: string; idempotencyKey: string };

export interface PaymentProvider {
  readonly name: "stripe" | "sandbox";
  createCheckoutSession(input: {
    orderId: string;
    lines: CheckoutLine[];
    currency: string;
    successUrl: string;
    cancelUrl: string;
    expiresAt: Date;
    idempotencyKey: string;
  }): Promise<CheckoutSession>;
  retrieveCheckoutSession(id: string): Promise<CheckoutSession>;
  expireCheckoutSession(id: string): Promise<void>;
  refund(input: { paymentIntentId: string; amountFen: bigint; idempotencyKey: string }): Promise<{ id: string }>;
  /** A Connect transfer from the platform's balance to a connected account. */
  transfer(input: TransferInput): Promise<{ id: string }>;
  /** The transfer already made for a payout, if any: idempotency keys expire, transfer groups do not. */
  findTransfer(transferGroup: string, payoutId: string): Promise<{ id: string } | null>;
  /** Charges and refunds (from balance transactions) and transfers created in [from, to). */
  balanceActivity(from: Date, to: Date): AsyncIterable<BalanceItem>;
  /** What a payout to the bank carried: the net of the balance transactions Stripe lists for it (its own left out). */
  bankPayoutContentsNet(bankPayoutId: string): Promise<bigint>;
}
