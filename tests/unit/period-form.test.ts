import { describe, expect, it } from "vitest";
import { readPeriod } from "~/payouts/period-form";

const now = new Date("2026-12-01T10:00:00+08:00");
const read = (from: string, to: string, kind: "batch" | "reconciliation" = "reconciliation") => readPeriod({ projectId: "p1", from, to, minimum: "10" }, kind, now);

describe("payout and reconciliation periods", () => {
  it("takes calendar days in China time, both included", () => {
    expect(read("2026-11-01", "2026-11-30")).toEqual({
      ok: true,
      input: { projectId: "p1", periodStart: new Date("2026-11-01T00:00:00+08:00"), periodEnd: new Date("2026-12-01T00:00:00+08:00"), minimumFen: 0n },
    });
    expect(read("2026-12-01", "2026-12-01").ok).toBe(true); // today
  });

  it("refuses days far out or in the future at the form, saying which field and why", () => {
    expect(read("2026-11-01", "9999-12-31")).toEqual({ ok: false, problems: { to: "payouts.problems.range" } });
    expect(read("0001-01-01", "2026-11-30")).toEqual({ ok: false, problems: { from: "payouts.problems.range" } });
    expect(read("2026-12-02", "2026-12-02", "batch")).toEqual({ ok: false, problems: { from: "payouts.problems.range", to: "payouts.problems.range" } });
  });

  it("refuses days that do not exist and text that is not a day", () => {
    expect(read("2026-02-31", "2026-03-01")).toEqual({ ok: false, problems: { from: "payouts.problems.date" } });
    expect(read("yesterday", "2026-13-01")).toEqual({ ok: false, problems: { from: "payouts.problems.date", to: "payouts.problems.date" } });
    expect(read("2026-11-30", "2026-11-01")).toEqual({ ok: false, problems: { to: "payouts.problems.order" } });
  });
});
