import { parse } from "csv-parse/sync";

// The registry of registered poor households comes from the county as a CSV file. Every row is
// checked; good rows are imported, bad ones are reported with their line and every reason.

export const HOUSEHOLD_COLUMNS = ["registration_code", "head_of_household", "village", "county", "cooperative", "members", "weight", "payout_method", "status"] as const;

export type HouseholdRow = {
  registrationCode: string;
  headName: string;
  village: string;
  county: string;
  cooperative: string;
  members: number;
  weight: number;
  payoutMethod: "STRIPE_CONNECT" | "DISBURSEMENT_LIST";
  status: "ACTIVE" | "SUSPENDED" | "EXITED";
};

export type RowProblem = { line: number; code: string; reasons: string[] };

const PAYOUT_METHODS = { stripe_connect: "STRIPE_CONNECT", disbursement_list: "DISBURSEMENT_LIST" } as const;
const STATUSES = { active: "ACTIVE", suspended: "SUSPENDED", exited: "EXITED" } as const;

const positiveInt = (value: string) => (/^\d{1,6}$/.test(value) && Number(value) > 0 ? Number(value) : null);

/** Parses and checks a household CSV. `cooperatives` are the names (zh or en) the project knows. */
export function readHouseholdCsv(text: string, cooperatives: string[]): { rows: (HouseholdRow & { line: number })[]; rejected: RowProblem[]; fileProblem: string | null } {
  let records: string[][];
  try {
    records = parse(text.replace(/^\uFEFF/, ""), { skip_empty_lines: true, trim: true, relax_column_count: true });
  } catch (error) {
    return { rows: [], rejected: [], fileProblem: `not a CSV file: ${(error as Error).message}` };
  }
  const [header, ...body] = records;
  const columns = (header ?? []).map((c) => c.toLowerCase());
  const missing = HOUSEHOLD_COLUMNS.filter((c) => !columns.includes(c));
  if (missing.length) return { rows: [], rejected: [], fileProblem: `missing columns: ${missing.join(", ")}` };

  const rows: (HouseholdRow & { line: number })[] = [];
  const rejected: RowProblem[] = [];
  const seen = new Map<string, number>();
  body.forEach((record, i) => {
    const line = i + 2; // the header is line 1
    const get = (column: (typeof HOUSEHOLD_COLUMNS)[number]) => record[columns.indexOf(column)]?.trim() ?? "";
    const reasons: string[] = [];
    const code = get("registration_code");
    if (!/^[A-Za-z0-9-]{4,40}$/.test(code)) reasons.push("registration_code must be 4-40 letters, digits or hyphens");
    else if (seen.has(code)) reasons.push(`registration_code repeats line ${seen.get(code)}`);
    for (const column of ["head_of_household", "village", "county"] as const) if (!get(column)) reasons.push(`${column} is empty`);
    const members = positiveInt(get("members"));
    if (members === null) reasons.push("members must be a whole number above 0");
    const weight = positiveInt(get("weight"));
    if (weight === null) reasons.push("weight must be a whole number above 0");
    const method = PAYOUT_METHODS[get("payout_method").toLowerCase() as keyof typeof PAYOUT_METHODS];
    if (!method) reasons.push("payout_method must be stripe_connect or disbursement_list");
    const status = STATUSES[(get("status") || "active").toLowerCase() as keyof typeof STATUSES];
    if (!status) reasons.push("status must be active, suspended or exited");
    const cooperative = get("cooperative");
    if (method === "STRIPE_CONNECT" && !cooperative) reasons.push("stripe_connect needs the cooperative whose account pays");
    if (cooperative && !cooperatives.includes(cooperative)) reasons.push(`cooperative "${cooperative}" is not one of this project's`);
    if (code && !seen.has(code)) seen.set(code, line);
    if (reasons.length) {
      rejected.push({ line, code, reasons });
      return;
    }
    rows.push({ line, registrationCode: code, headName: get("head_of_household"), village: get("village"), county: get("county"), cooperative, members: members!, weight: weight!, payoutMethod: method!, status: status! });
  });
  return { rows, rejected, fileProblem: null };
}
