import { db } from "~/db/client.server";
import { chinaYear } from "~/ecology/budget";

// This year's ecology budget of Guanba (invented amounts), so the fund pages show budget against
// actual; the fund itself fills from the demo sales, and operators build the expenses.
export async function seedFund(projects: Record<string, string>) {
  const projectId = projects["guanba-pingwu"]!;
  const year = chinaYear(new Date());
  const lines = { PATROL_WAGES: 36_000_00n, SEEDLINGS: 8_000_00n, PLANTING_LABOUR: 12_000_00n, MAINTENANCE: 4_000_00n } as const;
  await db().budgetLine.createMany({ data: Object.entries(lines).map(([category, amountFen]) => ({ projectId, year, category: category as keyof typeof lines, amountFen })) });
}
