import { describe, expect, it } from "vitest";
import { inputProblemOf, pageParam, readForm } from "~/utils/input.server";

const post = (body: BodyInit, contentType?: string) =>
  new Request("http://sapling.test/x", { method: "POST", body, headers: contentType ? { "Content-Type": contentType } : {} });

async function refusal(promise: Promise<unknown>) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  return { problem: inputProblemOf(error), body: error instanceof Response ? await error.json() : null };
}

describe("reading a page's form", () => {
  it("reads urlencoded and multipart forms, files included", async () => {
    const form = await readForm(post("intent=add&quantity=2", "application/x-www-form-urlencoded"));
    expect(Object.fromEntries(form)).toEqual({ intent: "add", quantity: "2" });
    const multipart = new FormData();
    multipart.set("intent", "import");
    multipart.set("file", new File(["a,b\n1,2\n"], "户.csv", { type: "text/csv" }));
    const read = await readForm(new Request("http://sapling.test/x", { method: "POST", body: multipart }));
    expect(read.get("intent")).toBe("import");
    expect(await (read.get("file") as File).text()).toBe("a,b\n1,2\n");
  });

  it("refuses a body that is not a form with 415, whatever it holds", async () => {
    for (const [body, type] of [['{"intent":"add"}', "application/json"], ["intent=add", "text/plain"], ["intent=add", undefined]] as const) {
      const { problem, body: answer } = await refusal(readForm(post(body, type)));
      expect(problem).toMatchObject({ status: 415, key: "formType" });
      expect(answer).toEqual({ inputProblem: { key: "formType", params: {} } });
    }
  });

  it("refuses a multipart body that cannot be read with 400", async () => {
    const broken = post('--b\r\nContent-Disposition: form-data; name="intent"\r\n\r\nunterminated', "multipart/form-data; boundary=b");
    expect((await refusal(readForm(broken))).problem).toMatchObject({ status: 400, key: "unreadable" });
    expect((await refusal(readForm(post("x", "multipart/form-data")))).problem).toMatchObject({ status: 400, key: "unreadable" });
  });

  it("refuses a NUL character in any name, value or file name with 400", async () => {
    expect((await refusal(readForm(post("target=a%00b", "application/x-www-form-urlencoded")))).problem).toMatchObject({ status: 400, key: "nul" });
    expect((await refusal(readForm(post("a%00=b", "application/x-www-form-urlencoded")))).problem).toMatchObject({ status: 400, key: "nul" });
    const multipart = new FormData();
    multipart.set("file", new File(["x"], "a\u0000.csv"));
    expect((await refusal(readForm(new Request("http://sapling.test/x", { method: "POST", body: multipart })))).problem).toMatchObject({ status: 400, key: "nul" });
  });

  it("refuses a file over the route's limit with 413, naming the limit", async () => {
    const multipart = new FormData();
    multipart.set("file", new File(["x".repeat(2_000_001)], "big.csv"));
    const { problem } = await refusal(readForm(new Request("http://sapling.test/x", { method: "POST", body: multipart }), { maxFileBytes: 2_000_000 }));
    expect(problem).toMatchObject({ status: 413, key: "fileTooLarge", params: { max: 2, field: "file" } });
  });
});

describe("the page of a paged list", () => {
  it("is a whole number from 1, capped, and page 1 for anything else", () => {
    const page = (query: string) => pageParam(new Request(`http://sapling.test/x${query}`));
    expect(page("")).toBe(1);
    expect(page("?page=3")).toBe(3);
    for (const bad of ["0", "-1", "1.5", "abc", "1e309", "", "%00"]) expect(page(`?page=${bad}`)).toBe(1);
    expect(page("?page=99999999999999999999")).toBe(1_000_000);
  });
});
