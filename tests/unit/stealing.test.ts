import { describe, expect, it } from "vitest";
import { stealAllowance } from "~/energy/stealing";

const ball = { grams: 100, remainingGrams: 100, stolenGrams: 0, thiefCount: 0 };
const open = { ownerProtected: false, doubleCardActive: false };

describe("steal allowance", () => {
  it("allows a first take of at most 30% of the ball", () => {
    expect(stealAllowance(ball, 0, open)).toEqual({ ok: true, maxGrams: 30 });
  });

  it("is refused under a protection cover", () => {
    expect(stealAllowance(ball, 0, { ...open, ownerProtected: true })).toEqual({ ok: false, reason: "protected" });
  });

  it("allows one take per thief, two under a double-collect card", () => {
    expect(stealAllowance(ball, 1, open)).toEqual({ ok: false, reason: "already_taken" });
    expect(stealAllowance(ball, 1, { ...open, doubleCardActive: true })).toEqual({ ok: true, maxGrams: 30 });
    expect(stealAllowance(ball, 2, { ...open, doubleCardActive: true })).toEqual({ ok: false, reason: "already_taken" });
  });

  it("stops a seventh thief, but not a sixth thief's second take", () => {
    const busy = { ...ball, thiefCount: 6, stolenGrams: 12, remainingGrams: 88 };
    expect(stealAllowance(busy, 0, open)).toEqual({ ok: false, reason: "limit_reached" });
    expect(stealAllowance(busy, 1, { ...open, doubleCardActive: true })).toMatchObject({ ok: true });
  });

  it("never lets thieves together take more than half", () => {
    expect(stealAllowance({ ...ball, stolenGrams: 45, remainingGrams: 55 }, 0, open)).toEqual({ ok: true, maxGrams: 5 });
    expect(stealAllowance({ ...ball, stolenGrams: 50, remainingGrams: 50 }, 0, open)).toEqual({ ok: false, reason: "limit_reached" });
    expect(stealAllowance({ grams: 1, remainingGrams: 1, stolenGrams: 0, thiefCount: 0 }, 0, open)).toEqual({ ok: false, reason: "limit_reached" });
  });
});
