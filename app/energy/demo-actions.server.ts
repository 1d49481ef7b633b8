import { randomUUID } from "node:crypto";
import { db } from "~/db/client.server";
import { env } from "~/utils/env.server";
import { applyPartnerAction } from "./earn.server";

const DEMO_PARTNER = "demo-ui";

// What a sample action reports for types that need more than the type.
const SAMPLE_FIELDS: Record<string, { amountFen?: number; steps?: number; account?: string }> = {
  walking: { steps: 12_000 },
  offline_payment: { amountFen: 2_500 },
  utility_bill: { amountFen: 8_800 },
};

export const demoMode = () => env().DEMO_MODE;

/**
 * Demo deployments only: a consumer reports a sample action, happening now, through the same rules
 * and caps as partners. Its ball is a labelled shortcut that is ripe at once, so a newcomer can
 * play the whole loop at any hour (a real ball waits for 07:00 the next day).
 */
export async function triggerSampleAction(user: { id: string; email: string }, type: string) {
  if (!demoMode()) throw new Response("Not found", { status: 404 });
  // Two first taps at once both create it: one insert wins, the other finds it there.
  await db().partner.createMany({ data: [{ id: DEMO_PARTNER, name: "Demo buttons", secret: randomUUID() }], skipDuplicates: true });
  const fields = SAMPLE_FIELDS[type] ?? {};
  const now = new Date();
  return applyPartnerAction(
    DEMO_PARTNER,
    {
      id: randomUUID(),
      user: user.id,
      type,
      occurredAt: now.toISOString(),
      ...fields,
      ...(type === "utility_bill" ? { account: `demo-${randomUUID().slice(0, 8)}` } : {}),
    },
    now,
    { demoShortcut: true },
  );
}
