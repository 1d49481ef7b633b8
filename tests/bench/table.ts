// The one table npm run bench prints: what was measured, its rate, the baseline measured in the same
// run, their ratio against the goal, and p99 where it applies.

export type Row = { what: string; rate: number; baseline: number; baselineWhat: string; /** The ratio the issue asks for; none for a figure shown for context. */
  goal?: number; p99?: number; note?: string; unit?: string };

const figure = (value: number) => (value >= 100 ? Math.round(value).toLocaleString("en") : value.toFixed(value >= 10 ? 1 : 2));

export function printTable(rows: Row[]) {
  const cells = rows.map((row) => {
    const ratio = row.rate / row.baseline;
    return [
      row.what,
      `${figure(row.rate)}${row.unit ?? "/s"}`,
      `${figure(row.baseline)}${row.unit ?? "/s"} ${row.baselineWhat}`,
      `${ratio.toFixed(2)}x`,
      row.goal === undefined ? "" : `${Number(row.goal.toFixed(2))}x ${ratio >= row.goal ? "met" : "not met"}`,
      row.p99 === undefined ? "" : `${figure(row.p99)} ms`,
      row.note ?? "",
    ];
  });
  const header = ["what", "rate", "baseline (same run)", "ratio", "goal", "p99", "notes"];
  const widths = header.map((title, i) => Math.max(title.length, ...cells.map((row) => row[i]!.length)));
  const line = (row: string[]) => `| ${row.map((cell, i) => cell.padEnd(widths[i]!)).join(" | ")} |`;
  console.log([line(header), `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`, ...cells.map(line)].join("\n"));
}
