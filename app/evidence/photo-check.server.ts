import { reader } from "~/db/client.server";

// "Is this photo on record?": anyone may ask by a photo's SHA-256. A hash is unique across all
// photos, so the answer is the one record it belongs to. A guardian's visit photo is theirs, not
// the public record's: for anyone else it is not on record.

export const SHA256 = /^[0-9a-f]{64}$/;

const project = { select: { slug: true, nameZh: true, nameEn: true } } as const;

export async function photoOnRecord(sha256: string) {
  const photo = await reader().photo.findUnique({
    where: { sha256 },
    select: {
      evidence: { select: { kind: true, stand: true, occurredOn: true, createdAt: true, plot: { select: { code: true, redemption: { select: { certificateNumber: true } } } }, project } },
      patrol: { select: { occurredOn: true, createdAt: true, project } },
      product: { select: { slug: true, nameZh: true, nameEn: true, project } },
      batch: { select: { traceCode: true, harvestFrom: true, harvestTo: true, createdAt: true, product: { select: { slug: true, nameZh: true, nameEn: true, project } } } },
    },
  });
  const name = (p: { slug: string; nameZh: string; nameEn: string }) => ({ slug: p.slug, zh: p.nameZh, en: p.nameEn });
  if (photo?.evidence) {
    const e = photo.evidence;
    return {
      kind: "evidence" as const,
      evidenceKind: e.kind,
      project: name(e.project),
      plot: e.plot?.code ?? null,
      stand: e.stand,
      certificate: e.plot?.redemption.certificateNumber ?? null,
      occurredOn: e.occurredOn.toISOString().slice(0, 10),
      recordedAt: e.createdAt.toISOString(),
    };
  }
  if (photo?.patrol) return { kind: "patrol" as const, project: name(photo.patrol.project), occurredOn: photo.patrol.occurredOn.toISOString().slice(0, 10), recordedAt: photo.patrol.createdAt.toISOString() };
  if (photo?.product) return { kind: "product" as const, project: name(photo.product.project), product: name(photo.product) };
  if (photo?.batch) {
    const b = photo.batch;
    return { kind: "batch" as const, project: name(b.product.project), product: name(b.product), traceCode: b.traceCode, occurredOn: b.harvestTo.toISOString().slice(0, 10), recordedAt: b.createdAt.toISOString() };
  }
  return null;
}
