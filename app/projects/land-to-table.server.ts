import { reader } from "~/db/client.server";

// From the land to the table (issue #21): a project's products shown where its guardians look at
// their land, and what its guardians' purchases brought its households.

/** A project's products as the plot page, certificate and area page list them (money as a string of fen). */
export async function productsOfProject(projectId: string) {
  const products = await reader().product.findMany({ where: { projectId }, orderBy: { createdAt: "asc" }, take: 20 });
  return products.map((p) => ({ id: p.id, slug: p.slug, name: { zh: p.nameZh, en: p.nameEn }, unit: { zh: p.unitZh, en: p.unitEn }, priceFen: p.priceFen.toString() }));
}

/**
 * The project's guardians (holders of its land) who bought its products, and the fen those
 * purchases brought its households, from the ledger: a sale's household credits less what refunds
 * took back, so a guardian whose purchases were all refunded is no longer counted.
 */
export async function guardianBuyers(projectId: string): Promise<{ guardians: number; fen: bigint }> {
  const [row] = await reader().$queryRaw<{ guardians: bigint; fen: bigint | null }[]>`
    WITH per_guardian AS (
      SELECT o."userId", -sum(e."amountFen") AS fen
      FROM "MoneyEntry" e
      JOIN "MoneyAccount" a ON a.id = e."accountId" AND a.kind IN ('HOUSEHOLD_PAYABLE', 'HOUSEHOLD_POOL_UNALLOCATED')
      JOIN "MoneyTransaction" t ON t.id = e."transactionId" AND t.kind IN ('ORDER_PAID', 'ORDER_REFUNDED')
      JOIN "OrderLine" l ON l.id = e."orderLineId"
      JOIN "Product" p ON p.id = l."productId" AND p."projectId" = ${projectId}
      JOIN "Order" o ON o.id = l."orderId"
      JOIN "ProjectHolder" h ON h."projectId" = ${projectId} AND h."holderId" = o."userId"
      GROUP BY o."userId"
    )
    SELECT count(*) FILTER (WHERE fen > 0)::bigint AS guardians, COALESCE(sum(fen) FILTER (WHERE fen > 0), 0)::bigint AS fen FROM per_guardian`;
  return { guardians: Number(row?.guardians ?? 0), fen: BigInt(row?.fen ?? 0) };
}
