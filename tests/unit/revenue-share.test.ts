import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { largestRemainder, lineMoney } from "~/money/revenue-share";

describe("largest-remainder splits", () => {
  it("always add up to the whole, none negative, deterministic, and follow the weights", () => {
    const weightsArb = fc
      .array(fc.integer({ min: 0, max: 49 }), { minLength: 1, maxLength: 12 })
      .map((ws) => (ws.every((w) => w === 0) ? [1, ...ws.slice(1)] : ws).map(BigInt));
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 9_999_999n }), weightsArb, (total, weights) => {
        const parts = largestRemainder(total, weights);
        const sum = weights.reduce((a, b) => a + b, 0n);
        const again = largestRemainder(total, weights);
        return (
          parts.reduce((a, b) => a + b, 0n) === total &&
          parts.every((p, i) => p >= 0n && p === again[i]) &&
          // Each part is within one fen of its exact share; a zero weight gets nothing.
          weights.every((w, i) => parts[i]! - (total * w) / sum >= 0n && parts[i]! - (total * w) / sum <= 1n && (w > 0n || parts[i] === 0n)) &&
          // A larger weight never gets less.
          weights.every((w, i) => weights.every((v, j) => w <= v || parts[i]! >= parts[j]!))
        );
      }),
      { numRuns: 2_000 },
    );
  });

  it("gives the odd fen to the largest remainder, ties to the first", () => {
    expect(largestRemainder(10n, [1n, 1n, 1n])).toEqual([4n, 3n, 3n]);
    expect(largestRemainder(100n, [3333n, 3333n, 3334n])).toEqual([33n, 33n, 34n]);
    expect(largestRemainder(0n, [0n, 0n])).toEqual([0n, 0n]);
    expect(() => largestRemainder(1n, [0n])).toThrow(RangeError);
  });
});

describe("where a paid line's money goes", () => {
  it("pays the unit cost, then splits the surplus by the rule to the fen", () => {
    // Guanba honey: ¥88.00 a jar costing the cooperative ¥52.00; 3 jars; 60 % / 25 % / 15 %.
    expect(lineMoney(8_800n, 5_200n, 3, { householdBp: 6_000, ecologyBp: 2_500, platformBp: 1_500 })).toEqual({
      grossFen: 26_400n,
      costFen: 15_600n,
      householdFen: 6_480n,
      ecologyFen: 2_700n,
      platformFen: 1_620n,
    });
    const odd = lineMoney(999n, 0n, 1, { householdBp: 3_333, ecologyBp: 3_333, platformBp: 3_334 });
    expect(odd.householdFen + odd.ecologyFen + odd.platformFen).toBe(999n);
    expect(() => lineMoney(100n, 0n, 1, { householdBp: 5_000, ecologyBp: 5_000, platformBp: 1 })).toThrow(/10,000/);
  });
});

describe("prices typed in yuan", () => {
  it("reads them exactly into fen, and refuses what is not a price", async () => {
    const { parseYuan, fenToYuanText } = await import("~/money/yuan");
    expect(["88", "88.5", "88.50", "0.07", " 1.10 "].map(parseYuan)).toEqual([8_800n, 8_850n, 8_850n, 7n, 110n]);
    expect(["", "-1", "1.005", "abc", "1,000", "1e3"].map(parseYuan)).toEqual([null, null, null, null, null, null]);
    expect([8_850n, 7n, 0n].map(fenToYuanText)).toEqual(["88.50", "0.07", "0.00"]);
  });
});
