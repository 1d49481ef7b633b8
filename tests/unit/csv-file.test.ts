import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { csvFile, neutralise } from "~/utils/csv-file";

describe("CSV files operators download", () => {
  it("writes every cell a spreadsheet would read as a formula as text", () => {
    for (const cell of ["=1+1", "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)", "\tpadded", "\rreturn", '=HYPERLINK("http://evil.example","x")']) {
      expect(neutralise(cell)).toBe(`'${cell}`);
    }
  });

  it("leaves numbers, text and empty cells as they are", () => {
    for (const cell of ["-150", "+3", "12.50", "0", "", "王秀英", "a=b", "GB-0001", "2026-12-04T00:00:00.000Z"]) expect(neutralise(cell)).toBe(cell);
  });

  it("starts with a byte-order mark and reads back to the cells it was given, neutralised", () => {
    const csv = csvFile([["name", "amount"], ["=cmd", "-5"], ['say "hi", then', "7"]]);
    expect(csv.startsWith("\uFEFF")).toBe(true);
    expect(parse(csv.slice(1))).toEqual([["name", "amount"], ["'=cmd", "-5"], ['say "hi", then', "7"]]);
  });
});
