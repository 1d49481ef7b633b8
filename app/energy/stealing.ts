import { ENERGY_RULES } from "./rules";

export type StealRefusal = "protected" | "already_taken" | "limit_reached";

export type BallForSteal = { grams: number; remainingGrams: number; stolenGrams: number; thiefCount: number };

/**
 * Whether a thief may take from a ball now, and at most how much. `previousTakes` is how many times
 * this thief already took from the ball; a double-collect card allows a second take.
 */
export function stealAllowance(
  ball: BallForSteal,
  previousTakes: number,
  options: { ownerProtected: boolean; doubleCardActive: boolean },
): { ok: true; maxGrams: number } | { ok: false; reason: StealRefusal } {
  const rules = ENERGY_RULES.steal;
  if (options.ownerProtected) return { ok: false, reason: "protected" };
  if (previousTakes >= (options.doubleCardActive ? 2 : 1)) return { ok: false, reason: "already_taken" };
  if (previousTakes === 0 && ball.thiefCount >= rules.maxThievesPerBall) return { ok: false, reason: "limit_reached" };
  const stealable = Math.min(Math.floor(ball.grams * rules.maxStolenShare) - ball.stolenGrams, ball.remainingGrams);
  if (stealable <= 0) return { ok: false, reason: "limit_reached" };
  return { ok: true, maxGrams: Math.min(stealable, Math.max(1, Math.floor(ball.grams * rules.maxTakeShare))) };
}
