import { reader, type Tx } from "~/db/client.server";
import { qrImage } from "~/utils/qr.server";
import { shareTrail } from "./order-trail.server";

// What a batch's trace code leads to: the line packed from a batch when it is shipped (the oldest
// with room enough, by a conditional update, so two lines shipped at once never take more than a
// batch holds), the code and QR code printed on the order and receipt, and the public page it opens.

/**
 * Packs a shipped line from the oldest batch of its product with room for all of it, inside the
 * shipping transaction; none when no batch has room (the line ships untraced, and says so).
 */
export async function packFromBatch(tx: Tx, line: { id: string; productId: string; quantity: number }) {
  // The batch chosen may be filled by a line shipped at the same moment (its lock is waited for,
  // then the row checked again): then the next one with room is tried.
  for (let attempt = 0; attempt < 5; attempt++) {
    const [batch] = await tx.$queryRaw<{ id: string; traceCode: string }[]>`
      UPDATE "ProductBatch" SET assigned = assigned + ${line.quantity}
      WHERE id = (
        SELECT id FROM "ProductBatch" WHERE "productId" = ${line.productId} AND quantity - assigned >= ${line.quantity}
        ORDER BY "harvestFrom", "createdAt" LIMIT 1 FOR UPDATE
      )
      RETURNING id, "traceCode"`;
    if (batch) {
      await tx.orderLine.update({ where: { id: line.id }, data: { batchId: batch.id } });
      return batch;
    }
    const room = await tx.$queryRaw<{ one: number }[]>`SELECT 1 AS one FROM "ProductBatch" WHERE "productId" = ${line.productId} AND quantity - assigned >= ${line.quantity} LIMIT 1`;
    if (!room.length) return null;
  }
  return null;
}

const SHOWN_RECORDS = 30;

/**
 * What anyone sees at /trace/<code>: the product and where and when it was harvested, the
 * evidence and patrols of that place in the harvest window, and the households' share of the
 * batch's sales with the payout batches that carried it; no buyer, no household named.
 */
export async function traceView(code: string) {
  const batch = await reader().productBatch.findUnique({
    where: { traceCode: code },
    include: {
      product: {
        select: {
          slug: true,
          nameZh: true,
          nameEn: true,
          unitZh: true,
          unitEn: true,
          projectId: true,
          project: { select: { slug: true, kind: true, nameZh: true, nameEn: true, countyZh: true, countyEn: true } },
          cooperative: { select: { nameZh: true, nameEn: true } },
        },
      },
      lines: { select: { id: true, quantity: true } },
      photos: { select: { id: true, fileName: true, sha256: true }, orderBy: { createdAt: "asc" } },
      // How many households harvested it (counted, never named).
      _count: { select: { work: true } },
    },
  });
  if (!batch) return null;
  const { product } = batch;
  const window = { gte: batch.harvestFrom, lte: batch.harvestTo };
  const [evidence, patrols, trail] = await Promise.all([
    reader().plotEvidence.findMany({
      where: { projectId: product.projectId, occurredOn: window, ...(batch.stand !== null ? { stand: batch.stand } : {}) },
      orderBy: [{ occurredOn: "desc" }, { createdAt: "desc" }],
      take: SHOWN_RECORDS,
      select: { id: true, kind: true, stand: true, surveyYear: true, plot: { select: { code: true } }, occurredOn: true, latitude: true, longitude: true, crewSize: true, photos: { select: { id: true, fileName: true, sha256: true } } },
    }),
    reader().patrolLog.findMany({
      where: { projectId: product.projectId, occurredOn: window },
      orderBy: [{ occurredOn: "desc" }, { createdAt: "desc" }],
      take: SHOWN_RECORDS,
      select: { id: true, occurredOn: true, photos: { select: { id: true, fileName: true, sha256: true } } },
    }),
    batch.lines.length ? shareTrail({ lineIds: batch.lines.map((l) => l.id) }) : null,
  ]);
  const day = (d: Date) => d.toISOString().slice(0, 10);
  return {
    code: batch.traceCode,
    product: { slug: product.slug, name: { zh: product.nameZh, en: product.nameEn }, unit: { zh: product.unitZh, en: product.unitEn } },
    cooperative: product.cooperative ? { zh: product.cooperative.nameZh, en: product.cooperative.nameEn } : null,
    project: { slug: product.project.slug, kind: product.project.kind, name: { zh: product.project.nameZh, en: product.project.nameEn }, county: { zh: product.project.countyZh, en: product.project.countyEn } },
    stand: batch.stand,
    section: batch.section,
    harvestFrom: day(batch.harvestFrom),
    harvestTo: day(batch.harvestTo),
    quantity: batch.quantity,
    shipped: batch.lines.reduce((sum, l) => sum + l.quantity, 0),
    photos: batch.photos,
    harvestedBy: batch._count.work,
    evidence: evidence.map((e) => ({ id: e.id, kind: e.kind, stand: e.stand, surveyYear: e.surveyYear, plot: e.plot?.code ?? null, occurredOn: day(e.occurredOn), latitude: e.latitude, longitude: e.longitude, crewSize: e.crewSize, photos: e.photos })),
    patrols: patrols.map((p) => ({ id: p.id, occurredOn: day(p.occurredOn), photos: p.photos })),
    trail,
  };
}

/** The trace codes of an order's shipped lines, each with its public link and a QR code of it (printed on the order and receipt). */
export async function traceCodesOf(origin: string, lines: { traceCode: string | null }[]) {
  const codes = [...new Set(lines.map((l) => l.traceCode).filter((c): c is string => c !== null))];
  return Promise.all(codes.map(async (code) => ({ code, url: `${origin}/trace/${code}`, qr: await qrImage(`${origin}/trace/${code}`) })));
}
