import { notify } from "~/notifications/notify.server";
import { outboxRow } from "~/queue/jobs.server";
import { Prisma } from "@prisma/client";
import { audit } from "~/audit/audit.server";
import { db } from "~/db/client.server";
import { postBatchReserved, postPayoutReturned } from "~/ledger/money-ledger.server";
import { planPayouts, type PayeeBalance, type PayoutPlan } from "./plan";

type Tx = Prisma.TransactionClient;
/** A batch for a period: households their share, or cooperatives their unit-cost payable (a settlement). */
export type BatchInput = { kind: "HOUSEHOLDS" | "COOPERATIVES"; projectId: string; periodStart: Date; periodEnd: Date; minimumFen: bigint };

type BalanceRow = { payeeId: string | null; payableKey: string; code: string | null; nameEn?: string | null; village: string; method: PayeeBalance["method"]; status: PayeeBalance["status"]; stripeAccountId: string | null; carried: bigint; period: bigint };

/**
 * What each payee of the project is owed, from the ledger: what its payable was credited before the
 * period end (the period's own and what was carried forward), net of every batch that reserved it.
 */
async function payeeBalances(tx: Tx, { kind, projectId, periodStart, periodEnd }: BatchInput): Promise<PayeeBalance[]> {
  const carried = Prisma.sql`COALESCE(-sum(e."amountFen") FILTER (WHERE t.kind LIKE 'PAYOUT%' OR t."createdAt" < ${periodStart}), 0)::bigint AS carried`;
  const period = Prisma.sql`COALESCE(-sum(e."amountFen") FILTER (WHERE t.kind NOT LIKE 'PAYOUT%' AND t."createdAt" >= ${periodStart} AND t."createdAt" < ${periodEnd}), 0)::bigint AS period`;
  const rows =
    kind === "HOUSEHOLDS"
      ? await tx.$queryRaw<BalanceRow[]>`
          SELECT h.id AS "payeeId", 'household:' || h.id AS "payableKey", h."registrationCode" AS code, h.village, h."payoutMethod" AS method, h.status, c."stripeAccountId", ${carried}, ${period}
          FROM "Household" h
          LEFT JOIN "Cooperative" c ON c.id = h."cooperativeId"
          LEFT JOIN "MoneyAccount" a ON a."householdId" = h.id AND a.kind = 'HOUSEHOLD_PAYABLE'
          LEFT JOIN "MoneyEntry" e ON e."accountId" = a.id
          LEFT JOIN "MoneyTransaction" t ON t.id = e."transactionId"
          WHERE h."projectId" = ${projectId}
          GROUP BY h.id, c."stripeAccountId"
          ORDER BY h."registrationCode"`
      : // A cooperative with a connected account is paid by Connect transfer; one without, from
        // the disbursement list (the county pays it by bank).
        await tx.$queryRaw<BalanceRow[]>`
          SELECT c.id AS "payeeId", a.key AS "payableKey", c."nameZh" AS code, c."nameEn", '' AS village,
            (CASE WHEN c."stripeAccountId" IS NULL THEN 'DISBURSEMENT_LIST' ELSE 'STRIPE_CONNECT' END) AS method, 'ACTIVE' AS status, c."stripeAccountId", ${carried}, ${period}
          FROM "MoneyAccount" a
          LEFT JOIN "Cooperative" c ON c.id = a."cooperativeId"
          LEFT JOIN "MoneyEntry" e ON e."accountId" = a.id
          LEFT JOIN "MoneyTransaction" t ON t.id = e."transactionId"
          WHERE a.kind = 'COOPERATIVE_PAYABLE' AND a."projectId" = ${projectId}
          GROUP BY a.key, c.id
          ORDER BY c."nameZh" NULLS LAST`;
  return rows.map((r) => ({
    kind: kind === "HOUSEHOLDS" ? "household" : "cooperative",
    payeeId: r.payeeId,
    payableKey: r.payableKey,
    code: r.code ?? "",
    ...(r.nameEn ? { nameEn: r.nameEn } : {}),
    village: r.village,
    method: r.method,
    destination: r.method === "STRIPE_CONNECT" ? r.stripeAccountId : null,
    status: r.status,
    carriedFen: BigInt(r.carried),
    periodFen: BigInt(r.period),
  }));
}

/** The dry run: what a batch built now would pay, and what it would carry forward. Writes nothing. */
export async function previewBatch(input: BatchInput): Promise<PayoutPlan> {
  return planPayouts(await payeeBalances(db(), input), input.minimumFen);
}

export type BuildResult = { ok: true; batchId: string; plan: PayoutPlan } | { ok: false; reason: "nothing_to_pay" };

/**
 * Builds a draft batch and reserves each payee's amount in the ledger, in one transaction. Builds
 * for the same project take turns (an advisory lock), so two operators building at once cannot
 * both reserve the same payable.
 */
export async function buildBatch(input: BatchInput & { builtById: string }): Promise<BuildResult> {
  return db().$transaction(
    async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`payout-build:${input.projectId}`}))`;
      const plan = planPayouts(await payeeBalances(tx, input), input.minimumFen);
      const toPay = plan.payees.filter((p) => !p.held);
      if (toPay.length === 0) return { ok: false, reason: "nothing_to_pay" } as const;
      const batch = await tx.payoutBatch.create({
        data: { kind: input.kind, projectId: input.projectId, periodStart: input.periodStart, periodEnd: input.periodEnd, minimumFen: input.minimumFen, builtById: input.builtById },
      });
      // One statement for every payee (Prisma's createMany binds each value: a 100,000-payee batch
      // spent most of its build there); the receipt code comes from the column's default.
      const household = input.kind === "HOUSEHOLDS";
      await tx.$executeRaw`
        INSERT INTO "Payout" (id, "batchId", "householdId", "cooperativeId", "payableKey", "amountFen", method, destination, "updatedAt")
        SELECT 'po_' || replace(gen_random_uuid()::text, '-', ''), ${batch.id},
          CASE WHEN ${household} THEN p.payee END, CASE WHEN NOT ${household} THEN p.payee END, p.payable, p.amount, p.method::"PayoutMethod", p.destination, now()
        FROM unnest(${toPay.map((p) => p.payeeId)}::text[], ${toPay.map((p) => p.payableKey)}::text[], ${toPay.map((p) => p.owedFen.toString())}::bigint[], ${toPay.map((p) => p.method)}::text[], ${toPay.map((p) => p.destination)}::text[])
          AS p(payee, payable, amount, method, destination)`;
      await postBatchReserved(tx, batch.id);
      await audit(tx, {
        actorId: input.builtById,
        action: "payout_batch_build",
        subject: batch.id,
        details: { kind: input.kind, projectId: input.projectId, payees: toPay.length, totalFen: String(plan.payFen), periodStart: input.periodStart.toISOString(), periodEnd: input.periodEnd.toISOString() },
      });
      await announceBatch(tx, { batchId: batch.id, projectId: input.projectId, amountFen: plan.payFen, builtById: input.builtById });
      return { ok: true, batchId: batch.id, plan } as const;
    },
    { timeout: 60_000 },
  );
}

/** The other operators hear that a draft waits for one of them (maker-checker). */
export function announceBatch(tx: Tx, batch: { batchId: string; projectId: string; amountFen: bigint; builtById: string }) {
  return notify(tx, {
    kind: "payout_waiting",
    key: `payout-waiting-${batch.batchId}`,
    to: "operators",
    except: batch.builtById,
    params: { projectId: batch.projectId, amountFen: String(batch.amountFen), href: `/ops/payouts/${batch.batchId}` },
  });
}

export type ApproveResult = { ok: true } | { ok: false; reason: "own_batch" | "not_draft" | "not_found" };

/**
 * The second operator's approval (maker-checker): the builder can never approve their own batch.
 * The approval and the request to execute it commit together (outbox).
 */
export async function approveBatch(batchId: string, approverId: string): Promise<ApproveResult> {
  return db().$transaction(async (tx) => {
    const approved = await tx.payoutBatch.updateMany({
      where: { id: batchId, status: "DRAFT", builtById: { not: approverId } },
      data: { status: "APPROVED", approvedById: approverId, approvedAt: new Date() },
    });
    if (approved.count === 0) {
      const batch = await tx.payoutBatch.findUnique({ where: { id: batchId }, select: { status: true, builtById: true } });
      if (!batch) return { ok: false, reason: "not_found" } as const;
      return { ok: false, reason: batch.status === "DRAFT" && batch.builtById === approverId ? "own_batch" : "not_draft" } as const;
    }
    await tx.outboxEvent.create({ data: outboxRow("payout-batch.approved", `payout-batch-${batchId}`, { batchId }) });
    await audit(tx, { actorId: approverId, action: "payout_batch_approve", subject: batchId });
    return { ok: true } as const;
  });
}

/** Cancels a draft: its payouts go back to the payables (or the fund) they were reserved from. */
export async function cancelBatch(batchId: string, by: string): Promise<boolean> {
  return db().$transaction(async (tx) => {
    const cancelled = await tx.payoutBatch.updateMany({ where: { id: batchId, status: "DRAFT" }, data: { status: "CANCELLED", finishedAt: new Date() } });
    if (cancelled.count === 0) return false;
    const batch = await tx.payoutBatch.findUniqueOrThrow({ where: { id: batchId }, include: { payouts: true } });
    await tx.payout.updateMany({ where: { batchId, status: "PENDING" }, data: { status: "CANCELLED" } });
    for (const payout of batch.payouts) await postPayoutReturned(tx, payout);
    await audit(tx, { actorId: by, action: "payout_batch_cancel", subject: batchId, details: { payouts: batch.payouts.length } });
    return true;
  });
}

export const BATCHES_PER_PAGE = 20;

export async function listBatches(page: number) {
  const [batches, total] = await Promise.all([
    db().payoutBatch.findMany({
      orderBy: { createdAt: "desc" },
      skip: (page - 1) * BATCHES_PER_PAGE,
      take: BATCHES_PER_PAGE,
      include: {
        project: { select: { nameZh: true, nameEn: true } },
        builtBy: { select: { displayName: true } },
        _count: { select: { payouts: true } },
        // An expense's batch is named by what it pays for, not by a period.
        payouts: { where: { expenseId: { not: null } }, take: 1, select: { expense: { select: { description: true } } } },
      },
    }),
    db().payoutBatch.count(),
  ]);
  const sums = await db().payout.groupBy({ by: ["batchId"], where: { batchId: { in: batches.map((b) => b.id) } }, _sum: { amountFen: true } });
  const totalOf = new Map(sums.map((s) => [s.batchId, s._sum.amountFen ?? 0n]));
  return { batches: batches.map((b) => ({ ...b, totalFen: totalOf.get(b.id) ?? 0n })), total };
}

export async function batchDetail(batchId: string) {
  return db().payoutBatch.findUnique({
    where: { id: batchId },
    include: {
      project: { select: { id: true, nameZh: true, nameEn: true } },
      builtBy: { select: { id: true, displayName: true } },
      approvedBy: { select: { displayName: true } },
      payouts: {
        orderBy: [{ household: { registrationCode: "asc" } }, { cooperative: { nameZh: "asc" } }],
        include: { household: { select: { registrationCode: true, headName: true, village: true } }, cooperative: { select: { nameZh: true, nameEn: true } }, expense: {
            select: {
              payeeName: true,
              description: true,
              budgetLine: { select: { category: true, year: true } },
              patrolLog: { select: { occurredOn: true, route: true } },
              evidence: { select: { occurredOn: true, kind: true } },
            },
          },
        },
      },
    },
  });
}
