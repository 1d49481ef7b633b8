import { randomBytes } from "node:crypto";
import { db } from "~/db/client.server";
import { postOrderPaid } from "~/ledger/money-ledger.server";
import { DEFAULT_RULE, lineMoney } from "~/money/revenue-share";
import { importHouseholds } from "~/payouts/households.server";

// Demo households of Guanba village (invented names and codes) and two sandbox sales of its honey,
// so the payout, statement and transparency pages have something to show. The cooperative's
// sandbox connected account receives Connect payouts; two households are paid from a list.

export const GUANBA_HOUSEHOLDS = `registration_code,head_of_household,village,county,cooperative,members,weight,payout_method,status
GB-0001,王德全,关坝村,平武县,Guanba Village Beekeeping Cooperative,4,2,stripe_connect,active
GB-0002,李秀英,关坝村,平武县,Guanba Village Beekeeping Cooperative,3,1,stripe_connect,active
GB-0003,张国华,关坝村,平武县,Guanba Village Beekeeping Cooperative,5,2,stripe_connect,active
GB-0004,赵桂兰,关坝村,平武县,,2,1,disbursement_list,active
GB-0005,陈建国,关坝村,平武县,,6,3,disbursement_list,active`;

export async function seedHouseholds(projects: Record<string, string>, buyerId: string) {
  const projectId = projects["guanba-pingwu"]!;
  await db().cooperative.updateMany({ where: { projectId }, data: { stripeAccountId: "acct_sandbox_guanba" } });
  const imported = await importHouseholds(projectId, GUANBA_HOUSEHOLDS);
  if (!imported.ok || imported.rejected.length) throw new Error(`demo households refused: ${JSON.stringify(imported)}`);

  const honey = await db().product.findUniqueOrThrow({ where: { slug: "guanba-wild-honey" } });
  for (const quantity of [3, 2]) {
    const money = lineMoney(honey.priceFen, honey.unitCostFen, quantity, DEFAULT_RULE);
    const paymentIntentId = `pi_sandbox_${randomBytes(12).toString("hex")}`;
    const order = await db().order.create({
      data: {
        userId: buyerId,
        idempotencyKey: `seed:honey:${quantity}`,
        provider: "sandbox",
        status: "PAID",
        totalFen: money.grossFen,
        paymentIntentId,
        expiresAt: new Date(),
        paidAt: new Date(),
        fulfilledAt: new Date(),
        lines: { create: { productId: honey.id, quantity, unitPriceFen: honey.priceFen, unitCostFen: honey.unitCostFen, costFen: money.costFen, householdFen: money.householdFen, ecologyFen: money.ecologyFen, platformFen: money.platformFen, ...DEFAULT_RULE } },
      },
    });
    // What the sandbox's Stripe balance shows for it, so reconciliation matches.
    await db().sandboxBalanceTransaction.create({ data: { id: `txn_sandbox_${randomBytes(12).toString("hex")}`, type: "charge", amountFen: money.grossFen, paymentIntentId } });
    await postOrderPaid(order.id);
  }
}
