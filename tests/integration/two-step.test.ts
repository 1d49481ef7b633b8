import { generateTOTP } from "@epic-web/totp";
import { describe, expect, it } from "vitest";
import { createSession, getUser } from "~/auth/session.server";
import { confirmEnrolment, enrolment, stepUp, StepUpRefused } from "~/auth/totp.server";
import { TOTP } from "~/auth/totp-config";
import { db } from "~/db/client.server";
import { createTestUser } from "../support/factories";

// Operators' second factor (app/auth/totp.server.ts), against the database: setting it up, a code
// good once, the ten minutes a code covers in its session, and two requests racing with one code.

const codeOf = async (secret: string) => (await generateTOTP({ secret, period: TOTP.period, digits: TOTP.digits, algorithm: TOTP.algorithm })).otp;

async function operatorSession(userId: string) {
  const token = await createSession(userId);
  return (await getUser(new Request("http://test/", { headers: { Authorization: `Bearer ${token}` } })))!;
}

async function refusal(work: Promise<unknown>) {
  const error = await work.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(StepUpRefused);
  return (error as StepUpRefused).code;
}

async function enrolled() {
  const operator = await createTestUser({ role: "OPERATOR" });
  const setUp = await enrolment(operator);
  expect(await confirmEnrolment(operator.id, await codeOf(setUp.secret))).toBe(true);
  // As if the next time step had come: the code that confirmed it is spent.
  await db().user.update({ where: { id: operator.id }, data: { totpLastStep: 0 } });
  return { operator, secret: setUp.secret };
}

describe("operators' two-step verification", () => {
  it("is set up from a QR code and confirmed by a first code; until then nothing changes", async () => {
    const operator = await createTestUser({ role: "OPERATOR" });
    const first = await enrolment(operator);
    expect(first.secret).toMatch(/^[A-Z2-7]{16,}$/);
    expect(first.uri).toBe(`otpauth://totp/Sapling:${encodeURIComponent(operator.email)}?secret=${first.secret}&issuer=Sapling&algorithm=SHA1&digits=6&period=30`);
    expect(first.qr).toMatch(/^data:image\/svg\+xml;base64,/);
    // A reload shows the same secret, so the app's entry keeps working.
    expect((await enrolment(operator)).secret).toBe(first.secret);
    expect(await confirmEnrolment(operator.id, "000000")).toBe(false);
    expect(await db().user.findUniqueOrThrow({ where: { id: operator.id }, select: { totpSecret: true } })).toEqual({ totpSecret: null });
    expect(await confirmEnrolment(operator.id, await codeOf(first.secret))).toBe(true);
    expect(await db().user.findUniqueOrThrow({ where: { id: operator.id }, select: { totpSecret: true, totpPendingSecret: true } })).toEqual({ totpSecret: first.secret, totpPendingSecret: null });
  });

  it("asks for a code, takes a current one once, and lets it cover this session for ten minutes, not others", async () => {
    const { operator, secret } = await enrolled();
    const here = await operatorSession(operator.id);
    const there = await operatorSession(operator.id);
    expect(await refusal(stepUp(here, undefined))).toBe("totp_required");
    expect(await refusal(stepUp(here, "123456x"))).toBe("totp_invalid");
    const code = await codeOf(secret);
    await stepUp(here, code);
    // Covered: the next decisions in this session need no code.
    await stepUp(here, undefined);
    // Another session (a stolen cookie, say) is not, and cannot reuse the code.
    expect(await refusal(stepUp(there, undefined))).toBe("totp_required");
    expect(await refusal(stepUp(there, code))).toBe("totp_invalid");
    // Ten minutes later the session asks again.
    await db().session.update({ where: { id: here.sessionId }, data: { stepUpUntil: new Date(Date.now() - 1000) } });
    expect(await refusal(stepUp(here, undefined))).toBe("totp_required");
  });

  it("lets one of two requests racing with the same code through", async () => {
    const { operator, secret } = await enrolled();
    const [a, b] = [await operatorSession(operator.id), await operatorSession(operator.id)];
    const code = await codeOf(secret);
    const outcomes = await Promise.allSettled([stepUp(a, code), stepUp(b, code)]);
    expect(outcomes.map((o) => o.status).sort()).toEqual(["fulfilled", "rejected"]);
  });

  it("refuses anyone who has not set it up", async () => {
    const operator = await createTestUser({ role: "OPERATOR" });
    expect(await refusal(stepUp(await operatorSession(operator.id), "123456"))).toBe("totp_not_enrolled");
  });
});
