import { describe, expect, it } from "vitest";
import { capCounters, gramsForAction, missingFields, type ActionRuleData } from "~/energy/earning";

const rule = (overrides: Partial<ActionRuleData>): ActionRuleData => ({
  type: "metro_ride",
  grams: 52,
  dailyCap: 5,
  monthlyCap: null,
  minAmountFen: null,
  stepsForMax: null,
  oncePerAccountMonth: false,
  ...overrides,
});

const walking = rule({ type: "walking", grams: 296, dailyCap: 1, stepsForMax: 17_760 });
const payment = rule({ type: "offline_payment", grams: 5, dailyCap: 10, minAmountFen: 100 });
const bill = rule({ type: "utility_bill", grams: 262, dailyCap: null, monthlyCap: 10, minAmountFen: 100, oncePerAccountMonth: true });

describe("grams for an action", () => {
  it("gives a fixed amount", () => {
    expect(gramsForAction(rule({}), {})).toEqual({ grams: 52 });
  });

  it("grows walking energy with steps up to the maximum", () => {
    expect(gramsForAction(walking, { steps: 0 })).toEqual({ grams: 0, reason: "no_steps" });
    expect(gramsForAction(walking, { steps: 59 })).toEqual({ grams: 0, reason: "no_steps" });
    expect(gramsForAction(walking, { steps: 60 })).toEqual({ grams: 1 });
    expect(gramsForAction(walking, { steps: 6_000 })).toEqual({ grams: 100 });
    expect(gramsForAction(walking, { steps: 17_760 })).toEqual({ grams: 296 });
    expect(gramsForAction(walking, { steps: 80_000 })).toEqual({ grams: 296 });
  });

  it("gives nothing under the minimum amount of ¥1", () => {
    expect(gramsForAction(payment, { amountFen: 99 })).toEqual({ grams: 0, reason: "below_minimum" });
    expect(gramsForAction(payment, { amountFen: 100 })).toEqual({ grams: 5 });
  });

  it("names the fields a type needs", () => {
    expect(missingFields(walking, {})).toEqual(["steps"]);
    expect(missingFields(bill, { amountFen: 5_000 })).toEqual(["account"]);
    expect(missingFields(rule({}), {})).toEqual([]);
  });
});

describe("cap counters", () => {
  it("counts in the user's local day and month", () => {
    // 2026-03-31 23:30 in Shanghai is still March there, but April 1st is near; UTC says the 31st 15:30.
    const occurredAt = new Date("2026-03-31T15:30:00Z");
    expect(capCounters(payment, occurredAt, "Asia/Shanghai")).toEqual([{ period: "day:2026-03-31", cap: 10, reason: "daily_cap" }]);
    expect(capCounters(payment, new Date("2026-03-31T16:30:00Z"), "Asia/Shanghai")).toEqual([
      { period: "day:2026-04-01", cap: 10, reason: "daily_cap" },
    ]);
  });

  it("limits a utility bill account to one a month besides the monthly cap", () => {
    expect(capCounters(bill, new Date("2026-03-10T02:00:00Z"), "Asia/Shanghai", "acct-7")).toEqual([
      { period: "month:2026-03", cap: 10, reason: "monthly_cap" },
      { period: "month:2026-03:account:acct-7", cap: 1, reason: "account_monthly_cap" },
    ]);
  });
});
