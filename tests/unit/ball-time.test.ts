import { describe, expect, it } from "vitest";
import { ballState, ripeningFor } from "~/energy/ball-time";

describe("ripeningFor", () => {
  it("ripens at 07:00 Shanghai time the next local day", () => {
    // 2026-03-10 22:30 in Shanghai is 14:30 UTC.
    const { ripensAt, expiresAt } = ripeningFor(new Date("2026-03-10T14:30:00Z"), "Asia/Shanghai");
    expect(ripensAt.toISOString()).toBe("2026-03-10T23:00:00.000Z"); // 2026-03-11 07:00 +08:00
    expect(expiresAt.toISOString()).toBe("2026-03-13T23:00:00.000Z"); // 72 h later
  });

  it("uses the local date, not the UTC date, just after local midnight", () => {
    // 00:30 on 2026-03-11 in Shanghai is still 2026-03-10 in UTC.
    const { ripensAt } = ripeningFor(new Date("2026-03-10T16:30:00Z"), "Asia/Shanghai");
    expect(ripensAt.toISOString()).toBe("2026-03-11T23:00:00.000Z"); // 2026-03-12 07:00 +08:00
  });

  it("keeps 07:00 local across a daylight-saving change", () => {
    // New York moves to EDT on 2026-03-08; a ball earned on the 7th ripens at 07:00 EDT (11:00 UTC).
    const { ripensAt } = ripeningFor(new Date("2026-03-07T20:00:00Z"), "America/New_York");
    expect(ripensAt.toISOString()).toBe("2026-03-08T11:00:00.000Z");
  });
});

describe("ballState", () => {
  const ripensAt = new Date("2026-03-11T23:00:00Z");
  const expiresAt = new Date("2026-03-14T23:00:00Z");
  const open = { status: "OPEN" as const, ripensAt, expiresAt };

  it.each([
    ["2026-03-11T22:59:59Z", "GROWING"],
    ["2026-03-11T23:00:00Z", "RIPE"],
    ["2026-03-14T22:59:59Z", "RIPE"],
    ["2026-03-14T23:00:00Z", "EXPIRED"],
  ])("an open ball at %s is %s", (now, state) => {
    expect(ballState(open, new Date(now))).toBe(state);
  });

  it("keeps a collected ball collected", () => {
    expect(ballState({ ...open, status: "COLLECTED" }, new Date("2026-03-12T00:00:00Z"))).toBe("COLLECTED");
  });
});
