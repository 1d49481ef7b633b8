import { createInstance } from "i18next";
import { describe, expect, it } from "vitest";
import { serverI18nConfig } from "~/i18n/resources.server";
import { readHouseholdCsv } from "~/payouts/household-rows";
import { parseBoundary } from "~/projects/boundary";
import { readCsvTable } from "~/utils/csv-table";
import type { Message } from "~/utils/message";

// What an operator is told about a file they uploaded (a household registry, a confirmation, a
// boundary) is a message key and its parameters: here every one the checks give for a corpus of
// broken files is rendered in both languages, and must be a real message with every placeholder
// filled, and none of the parsers' own wording.

const languages = ["en", "zh"] as const;
const i18n = Object.fromEntries(
  languages.map((lng) => {
    const instance = createInstance();
    void instance.init({ ...serverI18nConfig, lng, initImmediate: false, fallbackLng: false });
    return [lng, instance];
  }),
);

function rendered(message: Message) {
  return languages.map((lng) => {
    const text = i18n[lng]!.t(message.key, message.params ?? {});
    expect(text, `${lng}: ${message.key} is a message`).not.toBe(message.key);
    expect(text, `${lng}: ${message.key} has every placeholder filled`).not.toMatch(/\{\{|undefined|null/);
    expect(text).not.toMatch(/Unexpected|token|position|Quote Not Closed|Invalid Record|CSV_/);
    return text;
  });
}

const header = "registration_code,head_of_household,village,county,cooperative,members,weight,payout_method,status";

describe("messages about uploaded files", () => {
  it("say what is wrong with a household CSV in both languages, values kept", () => {
    const files = [
      "name,age\nA,3",
      `${header}\nPW-1,"open quote\n`,
      "\u0000\u0001binary",
      [header, "x,,,,无名,0,-1,bank,gone", "PW-0002,李,村,县,,3,2,disbursement_list,", "PW-0002,李,村,县,,3,2,stripe_connect,", `PW-0003,${"长".repeat(200)},村,县,,1,1,disbursement_list,`].join("\n"),
    ];
    const messages = files.flatMap((file) => {
      const result = readHouseholdCsv(file, []);
      return [...(result.fileProblem ? [result.fileProblem] : []), ...result.rejected.flatMap((row) => row.reasons)];
    });
    expect(messages.length).toBeGreaterThan(8);
    for (const message of messages) rendered(message);
    const [english] = rendered({ key: "households.reasons.repeats", params: { line: 3 } });
    expect(english).toContain("3");
    const confirmation = readCsvTable("a\nb", ["payout_id", "amount_fen"]);
    expect(confirmation.ok).toBe(false);
    if (!confirmation.ok) expect(rendered(confirmation.problem)[1]).toContain("payout_id, amount_fen");
  });

  it("say what is wrong with a boundary file in both languages, without the parser's words or a 'none'", () => {
    const files = ["", "{ not json", '{"type":', "[1,2]", "{}", '{"type":"Point","coordinates":[1,2]}', '{"type":"Feature","geometry":null}', '{"type":"FeatureCollection","features":[{"geometry":{"type":"LineString"}}]}'];
    for (const file of files) {
      const result = parseBoundary(file);
      expect(result.ok).toBe(false);
      if (result.ok) continue;
      for (const problem of result.problems) {
        const [english] = rendered({ key: `projectForm.problems.${problem.code}`, params: problem.params });
        expect(english).not.toMatch(/\bnone\b/);
      }
    }
  });
});
