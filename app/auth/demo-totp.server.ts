import { generateTOTP } from "@epic-web/totp";
import { db } from "~/db/client.server";
import { stepAt, TOTP } from "./totp-config";

// The demo (DEMO_MODE) shows its operators the code their authenticator would: the seeded secret
// is public anyway (prisma/seed.ts), and the demo should be playable without a phone.

/**
 * What an authenticator app with this secret shows now, for the demo's hint (DEMO_MODE): the code,
 * or null when it was used already, with the seconds until the next one.
 */
export async function currentCode(secret: string, lastStep: number): Promise<{ code: string | null; nextInSeconds: number }> {
  const now = Date.now();
  const nextInSeconds = Math.ceil(TOTP.period - ((now / 1000) % TOTP.period));
  if (stepAt(now) <= lastStep) return { code: null, nextInSeconds };
  const { otp } = await generateTOTP({ secret, period: TOTP.period, digits: TOTP.digits, algorithm: TOTP.algorithm });
  return { code: otp, nextInSeconds };
}

/** The demo hint for an enrolled operator (see currentCode), or null. */
export async function demoTotpFor(userId: string) {
  const row = await db().user.findUnique({ where: { id: userId }, select: { totpSecret: true, totpLastStep: true } });
  return row?.totpSecret ? currentCode(row.totpSecret, row.totpLastStep) : null;
}
