import { describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import { allMovements, movementsPage } from "~/ledger/movements.server";
import { postOrderPaid, postOrderRefunded } from "~/ledger/money-ledger.server";
import { dayText } from "~/payouts/china-days";
import { createPaidOrder, createTestProject } from "../support/factories";

// A county's public money movements: per day and kind of account, summed; nothing that names an
// account, a household or an order.

describe("a county's ledger movements", () => {
  it("sum a sale and its part refund per kind of account, credits and debits apart", async () => {
    const project = await createTestProject({ capacity: 10 });
    const cooperative = await db().cooperative.create({ data: { nameZh: "合作社", nameEn: "Co-op", projectId: project.id } });
    for (const [i, weight] of [1, 3].entries()) {
      await db().household.create({
        data: { projectId: project.id, registrationCode: `LM-${project.slug}-${i}`, headName: `Zhao ${i}`, village: "Guanba", county: "Pingwu", members: 2, weight, payoutMethod: "DISBURSEMENT_LIST" },
      });
    }
    const order = await createPaidOrder({ projectId: project.id, cooperativeId: cooperative.id, priceFen: 10_000n, costFen: 6_000n, quantity: 1 });
    await postOrderPaid(order.id);
    await postOrderRefunded(order.id, 5_000n);

    const today = dayText(new Date());
    const { rows, pages } = await movementsPage([project.id], 1);
    expect(pages).toBe(1);
    // The 4,000 fen surplus: 60 % to households, 25 % to the ecology fund; the cost to the
    // cooperative. Half refunded takes half of each back. Kinds come in the ledger's order.
    expect(rows.map((r) => ({ ...r, credits: String(r.credits), debits: String(r.debits) }))).toEqual([
      { day: today, kind: "ECOLOGY_FUND", credits: "1000", debits: "500", transactions: 2 },
      { day: today, kind: "HOUSEHOLD_PAYABLE", credits: "2400", debits: "1200", transactions: 2 },
      { day: today, kind: "COOPERATIVE_PAYABLE", credits: "6000", debits: "3000", transactions: 2 },
    ]);
    expect(await allMovements([project.id])).toEqual(rows);
    expect(await movementsPage([], 1)).toEqual({ rows: [], pages: 1 });
  });
});
