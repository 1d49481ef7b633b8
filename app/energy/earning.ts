import { localDay, localMonth } from "./local-time";

export type ActionRuleData = {
  type: string;
  grams: number;
  dailyCap: number | null;
  monthlyCap: number | null;
  minAmountFen: number | null;
  stepsForMax: number | null;
  oncePerAccountMonth: boolean;
};

export type ActionInput = { amountFen?: number; steps?: number; account?: string };

export type EarningDecision = { grams: number } | { grams: 0; reason: "below_minimum" | "no_steps" };

/** Grams an action earns before caps: a fixed amount, or for walking a share of the maximum by steps. */
export function gramsForAction(rule: ActionRuleData, input: ActionInput): EarningDecision {
  if (rule.minAmountFen !== null && (input.amountFen ?? 0) < rule.minAmountFen) return { grams: 0, reason: "below_minimum" };
  if (rule.stepsForMax !== null) {
    const grams = Math.min(rule.grams, Math.floor(((input.steps ?? 0) * rule.grams) / rule.stepsForMax));
    return grams > 0 ? { grams } : { grams: 0, reason: "no_steps" };
  }
  return { grams: rule.grams };
}

/** Which fields an action type needs beyond the common ones. */
export function missingFields(rule: ActionRuleData, input: ActionInput): string[] {
  const missing: string[] = [];
  if (rule.minAmountFen !== null && input.amountFen === undefined) missing.push("amountFen");
  if (rule.stepsForMax !== null && input.steps === undefined) missing.push("steps");
  if (rule.oncePerAccountMonth && !input.account) missing.push("account");
  return missing;
}

export type CapCounter = { period: string; cap: number; reason: "daily_cap" | "monthly_cap" | "account_monthly_cap" };

/** The counters an accepted action raises, each bounded by its cap, in the user's local calendar. */
export function capCounters(rule: ActionRuleData, occurredAt: Date, timeZone: string, account?: string): CapCounter[] {
  const counters: CapCounter[] = [];
  if (rule.dailyCap !== null) counters.push({ period: `day:${localDay(occurredAt, timeZone)}`, cap: rule.dailyCap, reason: "daily_cap" });
  const month = localMonth(occurredAt, timeZone);
  if (rule.monthlyCap !== null) counters.push({ period: `month:${month}`, cap: rule.monthlyCap, reason: "monthly_cap" });
  if (rule.oncePerAccountMonth && account) {
    counters.push({ period: `month:${month}:account:${account}`, cap: 1, reason: "account_monthly_cap" });
  }
  return counters;
}
