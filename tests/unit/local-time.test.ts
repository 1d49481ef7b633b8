import { describe, expect, it } from "vitest";
import { instantOfWallTime, localDay, localMonth, previousDay, wallTimeOf } from "~/energy/local-time";

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

  it("reads an opening time as wall-clock time in the project's zone, and writes it back the same", () => {
    expect(instantOfWallTime("2026-12-12T10:00", "Asia/Shanghai").toISOString()).toBe("2026-12-12T02:00:00.000Z");
    expect(wallTimeOf(new Date("2026-12-12T02:00:00Z"), "Asia/Shanghai")).toBe("2026-12-12T10:00");
    // Across a DST change the zone's own offset of that day applies.
    expect(instantOfWallTime("2026-07-01T12:00", "Europe/Berlin").toISOString()).toBe("2026-07-01T10:00:00.000Z");
    expect(instantOfWallTime("2026-01-01T12:00", "Europe/Berlin").toISOString()).toBe("2026-01-01T11:00:00.000Z");
  });
});
