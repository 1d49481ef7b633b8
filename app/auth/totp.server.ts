import { generateTOTP, getTOTPAuthUri, verifyTOTP } from "@epic-web/totp";
import { qrImage } from "~/utils/qr.server";
import { db } from "~/db/client.server";
import { Refused } from "~/utils/refused";
import { stepAt, TOTP } from "./totp-config";

// Two-step verification (docs/decisions/020-operator-two-step.md): an operator sets up an
// authenticator app once (a QR code on /me/security, confirmed by a first code), then gives a
// current code to approve payouts, refund orders and adjust energy (a code covers the session's
// next such decisions for ten minutes). Codes are six digits every 30 seconds (totp-config.ts),
// accepted one step either side for a clock a little off, and each is good once: an accepted step
// is remembered, and a code of that step or an earlier one is refused (a conditional update, so
// two requests at once with the same code cannot both pass).

export type StepUpCode = "totp_not_enrolled" | "totp_required" | "totp_invalid";

/** A decision that needs a current code and did not get a good one; said under stepUp. */
export class StepUpRefused extends Refused<StepUpCode> {
  override get messageKey() {
    return `stepUp.${this.code}`;
  }
}

/** The refusals an operation protected by stepUp() may give, with their statuses. */
export const STEP_UP_REFUSALS = { totp_not_enrolled: 403, totp_required: 403, totp_invalid: 403 } as const;


/**
 * Setting up: a new secret (kept pending until confirmed, so a reload shows the same one), its
 * otpauth URI and that URI as a QR code (SVG data URL) for the app to scan.
 */
export async function enrolment(user: { id: string; email: string }) {
  const row = await db().user.findUniqueOrThrow({ where: { id: user.id }, select: { totpPendingSecret: true, totpEnabledAt: true } });
  let secret = row.totpPendingSecret;
  if (!secret) {
    secret = (await generateTOTP({ period: TOTP.period, digits: TOTP.digits, algorithm: TOTP.algorithm })).secret;
    await db().user.update({ where: { id: user.id }, data: { totpPendingSecret: secret } });
  }
  const uri = getTOTPAuthUri({ ...TOTP, secret, accountName: user.email });
  const qr = await qrImage(uri);
  return { secret, uri, qr, enabled: !!row.totpEnabledAt };
}

/** The step a code belongs to, if it is a current code of this secret. */
async function stepOf(secret: string, code: string): Promise<number | null> {
  if (!/^\d{6}$/.test(code)) return null;
  const verified = await verifyTOTP({ otp: code, secret, period: TOTP.period, digits: TOTP.digits, algorithm: TOTP.algorithm, window: 1 });
  return verified ? stepAt(Date.now()) + verified.delta : null;
}

/** Confirms the pending secret with a first code from the app: two-step verification is on. */
export async function confirmEnrolment(userId: string, code: string): Promise<boolean> {
  const row = await db().user.findUniqueOrThrow({ where: { id: userId }, select: { totpPendingSecret: true } });
  const step = row.totpPendingSecret ? await stepOf(row.totpPendingSecret, code) : null;
  if (step === null) return false;
  const confirmed = await db().user.updateMany({
    where: { id: userId, totpPendingSecret: row.totpPendingSecret },
    data: { totpSecret: row.totpPendingSecret, totpPendingSecret: null, totpEnabledAt: new Date(), totpLastStep: step },
  });
  return confirmed.count === 1;
}

/** How long a code given in a session covers that session's next decisions (ours). */
export const STEP_UP_MINUTES = 10;

/**
 * Throws StepUpRefused unless the operator confirmed with their authenticator: `code` is a current,
 * unused code (then this session needs no other for STEP_UP_MINUTES), or this session gave one
 * less than STEP_UP_MINUTES ago. Call it first in an operation that moves money or energy on an
 * operator's word. The window exists because a code is good once: without it, an operator
 * refunding five orders would wait half a minute for a new code before each.
 */
export async function stepUp(actor: { id: string; sessionId: string }, code: string | undefined): Promise<void> {
  const [user, session] = await Promise.all([
    db().user.findUniqueOrThrow({ where: { id: actor.id }, select: { totpSecret: true } }),
    db().session.findUnique({ where: { id: actor.sessionId }, select: { stepUpUntil: true } }),
  ]);
  if (!user.totpSecret) throw new StepUpRefused("totp_not_enrolled");
  if (!code) {
    if (session?.stepUpUntil && session.stepUpUntil > new Date()) return;
    throw new StepUpRefused("totp_required");
  }
  const step = await stepOf(user.totpSecret, code);
  if (step === null) throw new StepUpRefused("totp_invalid");
  const used = await db().user.updateMany({ where: { id: actor.id, totpLastStep: { lt: step } }, data: { totpLastStep: step } });
  if (used.count === 0) throw new StepUpRefused("totp_invalid");
  await db().session.updateMany({ where: { id: actor.sessionId }, data: { stepUpUntil: new Date(Date.now() + STEP_UP_MINUTES * 60_000) } });
}
