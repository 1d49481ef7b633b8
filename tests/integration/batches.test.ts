import { describe, expect, it } from "vitest";
import { BatchRefused, recordBatch, TRACE_CODE_LENGTH } from "~/commerce/batches.server";
import { packFromBatch } from "~/commerce/trace.server";
import { db } from "~/db/client.server";
import { CODE_ALPHABET } from "~/utils/short-code";
import { createPaidOrder, createTestProject, createTestUser } from "../support/factories";

// Product batches: recorded with a trace code, and packed from oldest first by shipped lines,
// never past what a batch holds, even when lines are shipped at the same moment.

async function productWithOrder(kind: "FOREST" | "PROTECTED_AREA" = "PROTECTED_AREA") {
  const project = await createTestProject({ capacity: 100, unitCostGrams: 1, kind });
  const cooperative = await db().cooperative.create({ data: { nameZh: "合作社", nameEn: "Co-op", projectId: project.id } });
  const order = await createPaidOrder({ projectId: project.id, cooperativeId: cooperative.id, priceFen: 1_000n, costFen: 600n, quantity: 1 });
  const [line] = await db().orderLine.findMany({ where: { orderId: order.id } });
  const operator = await createTestUser({ role: "OPERATOR" });
  /** Another line of the same product in the same order (its money does not matter here). */
  const lineOf = (quantity: number) => db().orderLine.create({ data: { ...line!, id: undefined, batchId: null, quantity } });
  return { project, productId: line!.productId, operator, lineOf };
}

const pack = (line: { id: string; productId: string; quantity: number }) => db().$transaction((tx) => packFromBatch(tx, line));

describe("product batches", () => {
  it("are recorded with a trace code, in the public log, in a place the project has", async () => {
    const { productId, operator } = await productWithOrder();
    const batch = await recordBatch(operator.id, { productId, harvestFrom: "2026-09-01", harvestTo: "2026-09-30", quantity: 50, section: 1 });
    expect(batch.traceCode).toMatch(new RegExp(`^[${CODE_ALPHABET}]{${TRACE_CODE_LENGTH}}$`));
    const logged = await db().publicLogEntry.findUnique({ where: { kind_ref: { kind: "trace", ref: `batch:${batch.id}` } } });
    expect(JSON.parse(logged!.body).data).toMatchObject({ code: batch.traceCode, section: 1, from: "2026-09-01", to: "2026-09-30", quantity: 50 });

    const refusal = (input: Partial<Parameters<typeof recordBatch>[1]>) =>
      recordBatch(operator.id, { productId, harvestFrom: "2026-09-01", harvestTo: "2026-09-01", quantity: 1, ...input }).then(
        () => null,
        (error: unknown) => (error instanceof BatchRefused ? error.code : error),
      );
    expect(await refusal({ stand: 1 })).toBe("place_kind");
    expect(await refusal({ section: 999 })).toBe("place_not_found");
    expect(await refusal({ productId: "no-such-product" })).toBe("product_not_found");
  });

  it("packs each line from the oldest batch with room for all of it", async () => {
    const { productId, operator, lineOf } = await productWithOrder();
    const older = await recordBatch(operator.id, { productId, harvestFrom: "2026-08-01", harvestTo: "2026-08-10", quantity: 3 });
    const newer = await recordBatch(operator.id, { productId, harvestFrom: "2026-09-01", harvestTo: "2026-09-10", quantity: 5 });
    expect((await pack(await lineOf(2)))?.traceCode).toBe(older.traceCode);
    // One unit left in the older batch: a line of two goes to the newer one, a line of one to the older.
    expect((await pack(await lineOf(2)))?.traceCode).toBe(newer.traceCode);
    expect((await pack(await lineOf(1)))?.traceCode).toBe(older.traceCode);
    expect(await pack(await lineOf(4))).toBeNull();
    const batches = await db().productBatch.findMany({ where: { productId }, orderBy: { harvestFrom: "asc" } });
    expect(batches.map((b) => [b.assigned, b.quantity])).toEqual([
      [3, 3],
      [2, 5],
    ]);
  });

  it("never packs more than a batch holds when lines are shipped at the same moment", async () => {
    const { productId, operator, lineOf } = await productWithOrder();
    const batch = await recordBatch(operator.id, { productId, harvestFrom: "2026-10-01", harvestTo: "2026-10-01", quantity: 4 });
    const lines = await Promise.all(Array.from({ length: 7 }, () => lineOf(1)));
    const packed = await Promise.all(lines.map(pack));
    expect(packed.filter((p) => p?.traceCode === batch.traceCode)).toHaveLength(4);
    expect(packed.filter((p) => p === null)).toHaveLength(3);
    expect(await db().orderLine.count({ where: { batchId: batch.id } })).toBe(4);
    expect((await db().productBatch.findUniqueOrThrow({ where: { id: batch.id } })).assigned).toBe(4);
    // The database refuses more, whoever asks.
    await expect(db().productBatch.update({ where: { id: batch.id }, data: { assigned: 5 } })).rejects.toThrow(/would hold 5 of 4/);
  });
});
