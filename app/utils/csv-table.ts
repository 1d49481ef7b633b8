import { CsvError, parse } from "csv-parse/sync";
import { say, type Message } from "./message";

// The CSV files operators upload (household registries, disbursement confirmations): read once,
// the header checked for the columns the import needs, problems said in the reader's language.

export type CsvTable = { ok: true; columns: string[]; body: string[][] } | { ok: false; problem: Message };

export function readCsvTable(text: string, required: readonly string[]): CsvTable {
  let records: string[][];
  try {
    records = parse(text.replace(/^\uFEFF/, ""), { skip_empty_lines: true, trim: true, relax_column_count: true });
  } catch (error) {
    // The parser's own wording is for programmers; the line is what helps.
    const line = error instanceof CsvError ? (error as CsvError & { lines?: number }).lines : undefined;
    return { ok: false, problem: line ? say("csv.not_csv_at", { line }) : say("csv.not_csv") };
  }
  const [header, ...body] = records;
  const columns = (header ?? []).map((c) => c.toLowerCase());
  const missing = required.filter((c) => !columns.includes(c));
  if (missing.length) return { ok: false, problem: say("csv.missing_columns", { columns: missing.join(", ") }) };
  return { ok: true, columns, body };
}

/** The cell of a record under a column, trimmed ("" when the row is short). */
export const cell = (table: { columns: string[] }, record: string[], column: string) => record[table.columns.indexOf(column)]?.trim() ?? "";
