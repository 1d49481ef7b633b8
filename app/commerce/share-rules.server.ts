import { z } from "zod";
import { audit } from "~/audit/audit.server";
import { db } from "~/db/client.server";
import { instantOfWallTime } from "~/energy/local-time";
import { BASIS_POINTS } from "~/money/revenue-share";

// Revenue-share rules per product: basis points of the surplus over unit cost for the household
// pool, the ecology fund and the platform, adding up to exactly 10,000, in force from a date on.
// Orders keep the split of the rule in force when they were placed.

const bp = z.coerce.number({ invalid_type_error: "shareRule.errors.bp" }).int("shareRule.errors.bp").min(0, "shareRule.errors.bp").max(10_000, "shareRule.errors.bp");

export const shareRuleSchema = z
  .object({
    intent: z.literal("rule"),
    householdBp: bp,
    ecologyBp: bp,
    platformBp: bp,
    effectiveFrom: z.string({ required_error: "shareRule.errors.date" }).max(16, "shareRule.errors.date").regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, "shareRule.errors.date"),
  })
  .refine((rule) => BigInt(rule.householdBp + rule.ecologyBp + rule.platformBp) === BASIS_POINTS, { message: "shareRule.errors.sum", path: ["platformBp"] });

export async function addShareRule(productId: string, rule: z.infer<typeof shareRuleSchema>, by: string) {
  return db().$transaction(async (tx) => {
    const created = await tx.revenueShareRule.create({
      data: {
        productId,
        householdBp: rule.householdBp,
        ecologyBp: rule.ecologyBp,
        platformBp: rule.platformBp,
        effectiveFrom: instantOfWallTime(rule.effectiveFrom, "Asia/Shanghai"),
      },
    });
    await audit(tx, {
      actorId: by,
      action: "share_rule_add",
      subject: productId,
      details: { householdBp: rule.householdBp, ecologyBp: rule.ecologyBp, platformBp: rule.platformBp, effectiveFrom: created.effectiveFrom.toISOString() },
    });
    return created;
  });
}

export async function listShareRules(productId: string) {
  return db().revenueShareRule.findMany({ where: { productId }, orderBy: { effectiveFrom: "desc" } });
}
