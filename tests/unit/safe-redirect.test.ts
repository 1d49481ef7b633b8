import { describe, expect, it } from "vitest";
import { safeRedirect } from "~/auth/session.server";

describe("safeRedirect", () => {
  it.each([
    ["/plots", "/plots"],
    ["/ops/redemptions?cursor=a", "/ops/redemptions?cursor=a"],
    ["//evil.example", "/forest"],
    ["/\\evil.example", "/forest"],
    ["https://evil.example", "/forest"],
    [null, "/forest"],
  ])("%s goes to %s", (input, expected) => {
    expect(safeRedirect(input)).toBe(expected);
  });
});
