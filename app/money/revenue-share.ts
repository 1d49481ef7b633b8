// Revenue shares (DESIGN.md, "Products and money"): a paid line's surplus over unit cost is split
// into the household pool, the ecology fund and the platform by basis points; the household pool
// is split over households by weight. Every split is by the largest-remainder method, in integer
// fen, so the parts always add up to the whole, to the fen.

export const BASIS_POINTS = 10_000n;

/**
 * Splits `total` in proportion to `weights`: each part gets the floor of its exact share, and the
 * fen left over go one each to the largest remainders (ties to the earlier weight).
 */
export function largestRemainder(total: bigint, weights: bigint[]): bigint[] {
  if (total < 0n) throw new RangeError("cannot split a negative amount");
  if (weights.some((w) => w < 0n)) throw new RangeError("weights cannot be negative");
  const sum = weights.reduce((a, b) => a + b, 0n);
  if (sum === 0n) {
    if (total === 0n) return weights.map(() => 0n);
    throw new RangeError("cannot split a positive amount over zero weight");
  }
  const parts = weights.map((w) => (total * w) / sum);
  const remainders = weights.map((w, i) => ({ i, remainder: (total * w) % sum }));
  let left = total - parts.reduce((a, b) => a + b, 0n);
  remainders.sort((a, b) => (a.remainder === b.remainder ? a.i - b.i : a.remainder > b.remainder ? -1 : 1));
  for (const { i } of remainders) {
    if (left === 0n) break;
    parts[i]! += 1n;
    left -= 1n;
  }
  return parts;
}

export type ShareRule = { householdBp: number; ecologyBp: number; platformBp: number };

// Until a product has a rule of its own, its surplus goes 60 % to households, 25 % to the ecology fund.
export const DEFAULT_RULE: ShareRule = { householdBp: 6_000, ecologyBp: 2_500, platformBp: 1_500 };

export function isValidRule(rule: ShareRule): boolean {
  const parts = [rule.householdBp, rule.ecologyBp, rule.platformBp];
  return parts.every((bp) => Number.isInteger(bp) && bp >= 0) && parts.reduce((a, b) => a + b, 0) === Number(BASIS_POINTS);
}

export type LineMoney = { grossFen: bigint; costFen: bigint; householdFen: bigint; ecologyFen: bigint; platformFen: bigint };

/** Where a paid line's money goes: unit cost first, then the surplus by the rule. */
export function lineMoney(priceFen: bigint, unitCostFen: bigint, quantity: number, rule: ShareRule): LineMoney {
  if (!isValidRule(rule)) throw new RangeError("a revenue-share rule must add up to exactly 10,000 basis points");
  const q = BigInt(quantity);
  const grossFen = priceFen * q;
  const costFen = (unitCostFen < priceFen ? unitCostFen : priceFen) * q;
  const [householdFen, ecologyFen, platformFen] = largestRemainder(grossFen - costFen, [BigInt(rule.householdBp), BigInt(rule.ecologyBp), BigInt(rule.platformBp)]);
  return { grossFen, costFen, householdFen: householdFen!, ecologyFen: ecologyFen!, platformFen: platformFen! };
}
