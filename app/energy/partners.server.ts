import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { audit } from "~/audit/audit.server";
import { db } from "~/db/client.server";
import { Refused } from "~/utils/refused";

const SIGNATURE_TOLERANCE_SECONDS = 300;
const ROTATION_GRACE_HOURS = 24;

export type SignatureProblem = "unknown_partner" | "malformed_signature" | "signature_expired" | "bad_signature";

export function newPartnerSecret() {
  return `sps_${randomBytes(24).toString("base64url")}`;
}

export function signBody(secret: string, timestamp: number, rawBody: string) {
  return createHmac("sha256", secret).update(`${timestamp}.${rawBody}`).digest("hex");
}

/** The header a partner sends: `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">`. */
export function signatureHeader(secret: string, rawBody: string, timestamp = Math.floor(Date.now() / 1000)) {
  return `t=${timestamp},v1=${signBody(secret, timestamp, rawBody)}`;
}

function parseHeader(header: string | null) {
  const fields = new Map((header ?? "").split(",").map((part) => part.trim().split("=", 2) as [string, string]));
  const timestamp = Number(fields.get("t"));
  const signature = fields.get("v1");
  if (!Number.isInteger(timestamp) || !signature || !/^[0-9a-f]{64}$/i.test(signature)) return null;
  return { timestamp, signature };
}

function matches(secret: string, timestamp: number, rawBody: string, signature: string) {
  return timingSafeEqual(Buffer.from(signBody(secret, timestamp, rawBody), "hex"), Buffer.from(signature, "hex"));
}

/** Checks a partner request's signature; the secret before the last rotation works for a grace period. */
export async function verifyPartner(
  keyId: string | null,
  signature: string | null,
  rawBody: string,
  now = new Date(),
): Promise<{ ok: true; partnerId: string } | { ok: false; problem: SignatureProblem }> {
  const partner = keyId ? await db().partner.findUnique({ where: { id: keyId } }) : null;
  if (!partner) return { ok: false, problem: "unknown_partner" };
  const parsed = parseHeader(signature);
  if (!parsed) return { ok: false, problem: "malformed_signature" };
  if (Math.abs(now.getTime() / 1000 - parsed.timestamp) > SIGNATURE_TOLERANCE_SECONDS) return { ok: false, problem: "signature_expired" };
  const secrets = [partner.secret];
  if (partner.previousSecret && partner.previousSecretUntil && partner.previousSecretUntil > now) secrets.push(partner.previousSecret);
  const valid = secrets.some((secret) => matches(secret, parsed.timestamp, rawBody, parsed.signature));
  return valid ? { ok: true, partnerId: partner.id } : { ok: false, problem: "bad_signature" };
}

/** Creates a partner; `by`, the operator, is written to the audit trail in the same transaction. */
export async function createPartner(input: { id: string; name: string; secret?: string }, by?: string) {
  const secret = input.secret ?? newPartnerSecret();
  return db().$transaction(async (tx) => {
    // One statement: two operators creating the same id at once get one partner and one refusal.
    const created = await tx.partner.createMany({ data: [{ id: input.id, name: input.name, secret }], skipDuplicates: true });
    if (created.count === 0) throw new Refused("partner_taken");
    if (by) await audit(tx, { actorId: by, action: "partner_create", subject: input.id, details: { name: input.name } });
    return { id: input.id, secret };
  });
}

/** A new secret now; the old one keeps working for a day so the partner can switch over. */
export async function rotatePartnerSecret(id: string, by?: string) {
  const secret = newPartnerSecret();
  return db().$transaction(async (tx) => {
    // One statement: the old secret stays valid for the grace period, and two rotations at once
    // each keep the secret before them (a read, then a write, could lose the one just shown).
    const rotated = await tx.$executeRaw`
      UPDATE "Partner" SET "previousSecret" = secret, secret = ${secret},
        "previousSecretUntil" = ${new Date(Date.now() + ROTATION_GRACE_HOURS * 3600_000)}
      WHERE id = ${id}`;
    if (rotated === 0) throw new Refused("partner_not_found");
    if (by) await audit(tx, { actorId: by, action: "partner_rotate", subject: id, details: { graceHours: ROTATION_GRACE_HOURS } });
    return { id, secret };
  });
}

export async function listPartners() {
  const partners = await db().partner.findMany({ orderBy: { createdAt: "asc" } });
  const counts = await db().partnerAction.groupBy({ by: ["partnerId", "status"], _count: { _all: true } });
  return partners.map((p) => ({
    id: p.id,
    name: p.name,
    createdAt: p.createdAt.toISOString(),
    previousSecretUntil: p.previousSecretUntil?.toISOString() ?? null,
    counts: Object.fromEntries(counts.filter((c) => c.partnerId === p.id).map((c) => [c.status, c._count._all])) as Record<string, number>,
  }));
}

export async function listPartnerActions(partnerId: string, cursor: string | null, pageSize = 50) {
  const rows = await db().partnerAction.findMany({
    where: { partnerId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: pageSize + 1,
    ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
  });
  const page = rows.slice(0, pageSize);
  return {
    actions: page.map((a) => ({
      id: a.id,
      externalId: a.externalId,
      actionType: a.actionType,
      status: a.status,
      reason: a.reason,
      grams: a.grams,
      userId: a.userId,
      createdAt: a.createdAt.toISOString(),
    })),
    nextCursor: rows.length > pageSize ? page[page.length - 1]!.id : null,
  };
}
