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
      { line: 4, code: "PW-0001", reasons: ["registration_code repeats line 2"] },
      {
        line: 5,
        code: "x",
        reasons: [
          "registration_code must be 4-40 letters, digits or hyphens",
          "head_of_household is empty",
          "members must be a whole number above 0",
          "weight must be a whole number above 0",
          "payout_method must be stripe_connect or disbursement_list",
          "status must be active, suspended or exited",
          'cooperative "无名合作社" is not one of this project\'s',
        ],
      },
      { line: 6, code: "PW-0003", reasons: ["stripe_connect needs the cooperative whose account pays"] },
    ]);
  });

  it("refuses a file that is not the registry", () => {
    expect(readHouseholdCsv("name,age\nA,3", []).fileProblem).toMatch(/^missing columns: registration_code/);
    expect(readHouseholdCsv('a,"b\n', []).fileProblem).toMatch(/^not a CSV file/);
  });
});
