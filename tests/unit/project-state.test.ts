import { describe, expect, it } from "vitest";
import { projectState } from "~/projects/project-state";

const now = new Date("2026-06-01T00:00:00Z");
const open = new Date("2026-05-01T00:00:00Z");

describe("projectState", () => {
  it("is COMING before it opens, even with capacity left", () => {
    expect(projectState({ capacity: 100, allocatedUnits: 0, opensAt: new Date("2026-07-01T00:00:00Z") }, now)).toBe("COMING");
  });

  it.each([
    [0, "AVAILABLE"],
    [95, "AVAILABLE"],
    [96, "LIMITED"],
    [99, "LIMITED"],
    [100, "SOLD_OUT"],
  ])("with %i of 100 allocated it is %s", (allocatedUnits, state) => {
    expect(projectState({ capacity: 100, allocatedUnits, opensAt: open }, now)).toBe(state);
  });
});
