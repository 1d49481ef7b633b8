import { describe, expect, it } from "vitest";
import { readHouseholdCsv } from "~/payouts/household-rows";

const header = "registration_code,head_of_household,village,county,cooperative,members,weight,payout_method,status";

describe("household registry CSV", () => {
  it("imports good rows and names every reason a bad row is refused, with its line", () => {
    const csv = [
      header,
      "PW-0001,王大山,关坝村,平武县,关坝村养蜂合作社,4,1,stripe_connect,active",
      "PW-0002,李秀英,关坝村,平武县,,3,2,disbursement_list,",
      "PW-0001,张三,关坝村,平武县,,2,1,disbursement_list,active",
      "x,,关坝村,平武县,无名合作社,0,-1,bank,gone",
      "PW-0003,赵四,关坝村,平武县,,5,1,stripe_connect,active",
    ].join("\n");
    const { rows, rejected, fileProblem } = readHouseholdCsv(csv, ["关坝村养蜂合作社"]);
    expect(fileProblem).toBeNull();
    expect(rows.map((r) => [r.line, r.registrationCode, r.weight, r.payoutMethod, r.status])).toEqual([
      [2, "PW-0001", 1, "STRIPE_CONNECT", "ACTIVE"],
      [3, "PW-0002", 2, "DISBURSEMENT_LIST", "ACTIVE"],
    ]);
    expect(rejected).toEqual([
      { line: 4, code: "PW-0001", reasons: [{ key: "households.reasons.repeats", params: { line: 2 } }] },
      {
        line: 5,
        code: "x",
        reasons: [
          { key: "households.reasons.code" },
          { key: "households.reasons.empty", params: { column: "head_of_household" } },
          { key: "households.reasons.wholeNumber", params: { column: "members" } },
          { key: "households.reasons.wholeNumber", params: { column: "weight" } },
          { key: "households.reasons.payoutMethod" },
          { key: "households.reasons.status" },
          { key: "households.reasons.unknownCooperative", params: { cooperative: "无名合作社" } },
        ],
      },
      { line: 6, code: "PW-0003", reasons: [{ key: "households.reasons.connectNeedsCooperative" }] },
    ]);
  });

  it("refuses a file that is not the registry", () => {
    expect(readHouseholdCsv("name,age\nA,3", []).fileProblem).toEqual({ key: "csv.missing_columns", params: { columns: expect.stringMatching(/^registration_code, head_of_household/) } });
    expect(readHouseholdCsv(`${header}\nPW-1,"open quote\n`, []).fileProblem).toEqual({ key: "csv.not_csv_at", params: { line: 2 } });
  });

  it("refuses a name or place too long to be one (a cell pasted whole), and keeps the other rows", () => {
    const long = "长".repeat(10_000);
    const csv = [header, `PW-0001,${long},关坝村,平武县,,4,1,disbursement_list,active`, "PW-0002,李秀英,关坝村,平武县,,3,2,disbursement_list,"].join("\n");
    const { rows, rejected } = readHouseholdCsv(csv, []);
    expect(rows.map((r) => r.registrationCode)).toEqual(["PW-0002"]);
    expect(rejected).toEqual([{ line: 2, code: "PW-0001", reasons: [{ key: "households.reasons.tooLong", params: { column: "head_of_household", max: 100 } }] }]);
  });
});
