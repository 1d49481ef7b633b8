import { cell, readCsvTable } from "~/utils/csv-table";
import { say, type Message } from "~/utils/message";

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

export type RowProblem = { line: number; code: string; reasons: Message[] };

const PAYOUT_METHODS = { stripe_connect: "STRIPE_CONNECT", disbursement_list: "DISBURSEMENT_LIST" } as const;
const STATUSES = { active: "ACTIVE", suspended: "SUSPENDED", exited: "EXITED" } as const;
/** Names and places longer than this are a mistake in the file (a cell pasted whole), not data. */
export const MAX_TEXT = 100;

const positiveInt = (value: string) => (/^\d{1,6}$/.test(value) && Number(value) > 0 ? Number(value) : null);

/** Parses and checks a household CSV. `cooperatives` are the names (zh or en) the project knows. */
export function readHouseholdCsv(text: string, cooperatives: string[]): { rows: (HouseholdRow & { line: number })[]; rejected: RowProblem[]; fileProblem: Message | null } {
  const table = readCsvTable(text, HOUSEHOLD_COLUMNS);
  if (!table.ok) return { rows: [], rejected: [], fileProblem: table.problem };

  const rows: (HouseholdRow & { line: number })[] = [];
  const rejected: RowProblem[] = [];
  const seen = new Map<string, number>();
  table.body.forEach((record, i) => {
    const line = i + 2; // the header is line 1
    const get = (column: (typeof HOUSEHOLD_COLUMNS)[number]) => cell(table, record, column);
    const reasons: Message[] = [];
    const code = get("registration_code");
    if (!/^[A-Za-z0-9-]{4,40}$/.test(code)) reasons.push(say("households.reasons.code"));
    else if (seen.has(code)) reasons.push(say("households.reasons.repeats", { line: seen.get(code)! }));
    for (const column of ["head_of_household", "village", "county", "cooperative"] as const) {
      const value = get(column);
      if (!value && column !== "cooperative") reasons.push(say("households.reasons.empty", { column }));
      else if (value.length > MAX_TEXT) reasons.push(say("households.reasons.tooLong", { column, max: MAX_TEXT }));
    }
    const members = positiveInt(get("members"));
    if (members === null) reasons.push(say("households.reasons.wholeNumber", { column: "members" }));
    const weight = positiveInt(get("weight"));
    if (weight === null) reasons.push(say("households.reasons.wholeNumber", { column: "weight" }));
    const method = PAYOUT_METHODS[get("payout_method").toLowerCase() as keyof typeof PAYOUT_METHODS];
    if (!method) reasons.push(say("households.reasons.payoutMethod"));
    const status = STATUSES[(get("status") || "active").toLowerCase() as keyof typeof STATUSES];
    if (!status) reasons.push(say("households.reasons.status"));
    const cooperative = get("cooperative");
    if (method === "STRIPE_CONNECT" && !cooperative) reasons.push(say("households.reasons.connectNeedsCooperative"));
    if (cooperative && cooperative.length <= MAX_TEXT && !cooperatives.includes(cooperative)) reasons.push(say("households.reasons.unknownCooperative", { cooperative }));
    if (code && !seen.has(code)) seen.set(code, line);
    if (reasons.length || !method || !status || members === null || weight === null) {
      rejected.push({ line, code: code.slice(0, 40), reasons });
      return;
    }
    rows.push({ line, registrationCode: code, headName: get("head_of_household"), village: get("village"), county: get("county"), cooperative, members, weight, payoutMethod: method, status });
  });
  return { rows, rejected, fileProblem: null };
}
