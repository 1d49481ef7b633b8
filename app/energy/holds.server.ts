import { db } from "~/db/client.server";
import { consume } from "~/utils/rate-limit.server";
import { singleton } from "~/utils/singleton.server";

// Reports a person should not have to trust blindly (docs/decisions/022-energy-held-for-review.md):
// a ball from an implausible report is made but held, with a reason its owner sees, until an
// operator releases or rejects it. A held ball has no ledger entry yet: its energy is not earned
// until it is released, so the energy ledger's checks hold whatever the operators decide.

export const HOLD_RULES = {
  /** Steps in a day no one walks: a marathon is ~50,000. */
  maxPlausibleSteps: 50_000,
  /** A partner's reports in ten minutes, beyond which they are held ... */
  burstWindowSeconds: 600,
  /** ... when over this many ... */
  burstFloor: 500,
  /** ... and over this many times the partner's usual rate (its last seven days). */
  burstFactor: 10,
} as const;

export type HoldReason = "steps_implausible" | "partner_burst";

const WEEK_WINDOWS = (7 * 24 * 3600) / HOLD_RULES.burstWindowSeconds;

/** A partner's usual reports per ten minutes over the last week, read at most once per ten minutes per process. */
async function usualRate(partnerId: string): Promise<number> {
  const cache = singleton("partner-usual-rate", () => new Map<string, { rate: number; until: number }>());
  const kept = cache.get(partnerId);
  if (kept && kept.until > Date.now()) return kept.rate;
  const [row] = await db().$queryRaw<{ count: bigint }[]>`
    SELECT count(*) AS count FROM "PartnerAction"
    WHERE "partnerId" = ${partnerId} AND "createdAt" > now() - interval '7 days' AND "createdAt" < now() - interval '10 minutes'`;
  const rate = Number(row?.count ?? 0n) / WEEK_WINDOWS;
  cache.set(partnerId, { rate, until: Date.now() + HOLD_RULES.burstWindowSeconds * 1000 });
  return rate;
}

/** Why this report's ball should wait for an operator, or null. Counts the report toward its partner's burst. */
export async function holdReason(partnerId: string, body: { type: string; steps?: number }): Promise<HoldReason | null> {
  if (body.type === "walking" && (body.steps ?? 0) > HOLD_RULES.maxPlausibleSteps) return "steps_implausible";
  const inWindow = await consume({ name: "partner-burst", points: Number.MAX_SAFE_INTEGER, duration: HOLD_RULES.burstWindowSeconds }, partnerId);
  if (inWindow <= HOLD_RULES.burstFloor) return null;
  return inWindow > HOLD_RULES.burstFactor * (await usualRate(partnerId)) ? "partner_burst" : null;
}
