import { describe, expect, it } from "vitest";
import { newCertificateNumber } from "~/redemption/certificate-number";
import { plotCode, plotsForAllocation } from "~/redemption/plot-codes";

describe("plots for an allocation", () => {
  it("gives one plot per tree in a forest", () => {
    expect(plotsForAllocation("FOREST", 41, 3)).toEqual([
      { firstUnit: 41, unitCount: 1 },
      { firstUnit: 42, unitCount: 1 },
      { firstUnit: 43, unitCount: 1 },
    ]);
  });

  it("keeps protected land as one contiguous run of cells", () => {
    expect(plotsForAllocation("PROTECTED_AREA", 1000, 20)).toEqual([{ firstUnit: 1000, unitCount: 20 }]);
  });

  it("numbers plot codes from 1", () => {
    expect(plotCode("SBT", 0)).toBe("SBT-00000001");
    expect(plotCode("GBA", 18_229_999)).toBe("GBA-18230000");
  });
});

describe("certificate numbers", () => {
  it("are 80 random bits in grouped Crockford base32, without repeats", () => {
    const numbers = Array.from({ length: 5_000 }, newCertificateNumber);
    for (const number of numbers) expect(number).toMatch(/^SAP-[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$/);
    expect(new Set(numbers).size).toBe(numbers.length);
  });
});
