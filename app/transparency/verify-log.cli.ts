import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { verifyDownloadedRows, verifyPublicLog, type LogBreak, type LogRow } from "./public-log.server";

// npm run log:verify                                   the whole log in DATABASE_URL, with its sealed roots
// npm run log:verify -- --file day.jsonl [--root HEX]  a day's rows as downloaded from /transparency/log
// Prints the first row that no longer matches and exits 1; exits 0 when everything does.

const say = (broken: LogBreak | null, rows: string) => {
  if (!broken) {
    console.log(`public log verified: ${rows}`);
    return 0;
  }
  const why = { hash: "its body is not what its hash covers", link: "the row before it was changed or removed", root: `the chain no longer ends ${"day" in broken ? broken.day : "the day"} where its published root says` }[broken.reason];
  console.error(`public log row ${broken.seq} does not match: ${why}`);
  return 1;
};

async function main() {
  const { values } = parseArgs({ options: { file: { type: "string" }, root: { type: "string" } } });
  if (values.file) {
    const rows = readFileSync(values.file, "utf8")
      .split("\n")
      .filter((line) => line.trim())
      .map((line) => JSON.parse(line) as LogRow);
    return say(verifyDownloadedRows(rows, values.root), `${rows.length} rows of ${values.file}${values.root ? ", ending at the root given" : ""}`);
  }
  const { db } = await import("~/db/client.server");
  const count = await db().publicLogEntry.count();
  const code = say(await verifyPublicLog(), `${count} rows, every sealed day's root`);
  await db().$disconnect();
  return code;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(2);
  },
);
