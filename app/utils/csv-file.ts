import { stringify } from "csv-stringify/sync";

// The CSV files operators download (disbursement lists, reconciliation reports) and open in Excel
// or WPS: a cell a spreadsheet would read as a formula (=, +, -, @ first, or a tab or carriage
// return that some of them skip) could run one when the file is opened, for example a household's
// name imported as =HYPERLINK(...). Such a cell is written with a leading apostrophe, which the
// spreadsheet shows as text; plain numbers (-150, +3) stay numbers. The byte-order mark makes Excel
// read the file as UTF-8, so Chinese names come out right.

const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^[+-]?\d+(\.\d+)?$/;

export function neutralise(value: string): string {
  return FORMULA_START.test(value) && !PLAIN_NUMBER.test(value) ? `'${value}` : value;
}

export function csvFile(rows: readonly (readonly string[])[]): string {
  return `\uFEFF${stringify(rows.map((row) => row.map(neutralise)))}`;
}
