import { describe, expect, it } from "vitest";
import { instantOfWallTime, startOfLocal, localDay, localMonth, previousDay, wallTimeOf } from "~/energy/local-time";

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

  it("reads a time that happens twice as its first occurrence, and one that never happens as moved by the gap", () => {
    // Berlin, 2026-10-25: clocks go back from 03:00 CEST to 02:00 CET, so 02:30 happens twice.
    expect(instantOfWallTime("2026-10-25T02:30", "Europe/Berlin").toISOString()).toBe("2026-10-25T00:30:00.000Z");
    expect(instantOfWallTime("2026-10-25T03:30", "Europe/Berlin").toISOString()).toBe("2026-10-25T02:30:00.000Z");
    // Berlin, 2026-03-29: clocks jump from 02:00 to 03:00, so 02:30 never happens; it reads as 03:30 CEST.
    expect(instantOfWallTime("2026-03-29T02:30", "Europe/Berlin").toISOString()).toBe("2026-03-29T01:30:00.000Z");
    expect(wallTimeOf(instantOfWallTime("2026-03-29T02:30", "Europe/Berlin"), "Europe/Berlin")).toBe("2026-03-29T03:30");
    // Either side of both changes, every whole hour reads back as itself.
    for (const day of ["2026-03-29", "2026-10-25", "2026-03-28", "2026-10-26"]) {
      for (let hour = 0; hour < 24; hour++) {
        const wall = `${day}T${String(hour).padStart(2, "0")}:00`;
        if (wall === "2026-03-29T02:00") continue;
        expect(wallTimeOf(instantOfWallTime(wall, "Europe/Berlin"), "Europe/Berlin"), wall).toBe(wall);
      }
    }
    // A local day that starts after a change still starts at its own midnight.
    expect(startOfLocal("day", new Date("2026-10-25T12:00:00Z"), "Europe/Berlin").toISOString()).toBe("2026-10-24T22:00:00.000Z");
    expect(startOfLocal("day", new Date("2026-10-26T12:00:00Z"), "Europe/Berlin").toISOString()).toBe("2026-10-25T23:00:00.000Z");
  });
});
