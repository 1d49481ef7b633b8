import { afterEach, describe, expect, it, vi } from "vitest";
import { pool } from "~/db/client.server";
import { healthAnswer } from "~/utils/health.server";

afterEach(() => vi.restoreAllMocks());

describe("GET /healthz", () => {
  it("asks the database once for all the checks that arrive while it is asking, and afresh after", async () => {
    const asked = vi.spyOn(pool(), "query");
    const answers = await Promise.all(Array.from({ length: 20 }, () => healthAnswer()));
    expect(answers.map((a) => a.status)).toEqual(Array(20).fill(200));
    expect(await answers[0]!.json()).toMatchObject({ status: "ok", database: "up", queue: { status: "up" } });
    expect(asked).toHaveBeenCalledTimes(1);
    // Nothing is kept once answered: the next check asks again.
    expect((await healthAnswer()).status).toBe(200);
    expect(asked).toHaveBeenCalledTimes(2);
  });
});
