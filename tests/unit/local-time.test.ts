import { describe, expect, it } from "vitest";
import { localDay, localMonth, previousDay } from "~/energy/local-time";

describe("local calendar", () => {
  it("gives the day and month where the user lives", () => {
    const instant = new Date("2026-12-31T17:00:00Z");
    expect(localDay(instant, "Asia/Shanghai")).toBe("2027-01-01");
    expect(localMonth(instant, "Asia/Shanghai")).toBe("2027-01");
    expect(localDay(instant, "America/Los_Angeles")).toBe("2026-12-31");
  });

  it("steps back a day across month and year ends", () => {
    expect(previousDay("2027-01-01")).toBe("2026-12-31");
    expect(previousDay("2028-03-01")).toBe("2028-02-29");
  });
});
