import { z } from "zod";
import { db } from "~/db/client.server";
import { idField } from "~/utils/fields";
import { FIELDS, operation } from "~/utils/operation.server";
import { Refused } from "~/utils/refused";
import { afterFailedLogin, afterLogin, beforeLogin } from "./login-limits.server";
import { hashPassword, verifyPassword } from "./password.server";
import { passwordProblems } from "./password-strength.server";
import { endOtherSessions, endSession } from "./session.server";
import { confirmEnrolment } from "./totp.server";

// What a signed-in person does about their own sign-in: end sessions they do not recognise,
// change their password (which signs every other session out).

export const endSessionOp = operation({
  name: "sessions.end",
  summary: "Sign one of your sessions out (another browser or app)",
  input: z.object({ sessionId: idField(100) }),
  who: "user",
  refusals: { session_not_found: 404 },
  messages: "security.refused",
  run: async (actor, input) => {
    if (!(await endSession(actor.id, input.sessionId))) throw new Refused("session_not_found");
    return { ended: 1 };
  },
});

export const endOtherSessionsOp = operation({
  name: "sessions.end-others",
  summary: "Sign out everywhere but here",
  input: z.object({}),
  who: "user",
  refusals: {},
  messages: "security.refused",
  run: async (actor) => ({ ended: await endOtherSessions(actor.id, actor.sessionId) }),
});

export const changePasswordOp = operation({
  name: "password.change",
  summary: "Change your password (your other sessions are signed out)",
  input: z.object({
    current: z.string({ required_error: "errors.passwordRequired" }).min(1, "errors.passwordRequired").max(200, "errors.passwordTooLong"),
    next: z.string({ required_error: "errors.passwordTooShort" }).min(8, "errors.passwordTooShort").max(200, "errors.passwordTooLong"),
  }),
  who: "user",
  refusals: { wrong_password: 403, [FIELDS]: 422 },
  messages: "security.refused",
  run: async (actor, input) => {
    // Guessing the current password here is guessing a sign-in: the same lockout counts it.
    await beforeLogin(actor.email);
    const user = await db().user.findUniqueOrThrow({ where: { id: actor.id }, select: { passwordHash: true } });
    if (!(await verifyPassword(user.passwordHash, input.current))) {
      await afterFailedLogin(actor.email);
      throw new Refused("wrong_password");
    }
    await afterLogin(actor.email);
    const problems = passwordProblems(input.next, [actor.email, actor.displayName]);
    if (problems.length) throw new Refused(FIELDS, {}, { next: problems });
    const passwordHash = await hashPassword(input.next);
    // Together: whoever else held a session (perhaps the reason for the change) is out with the old password.
    const [, ended] = await db().$transaction([
      db().user.update({ where: { id: actor.id }, data: { passwordHash } }),
      db().session.deleteMany({ where: { userId: actor.id, id: { not: actor.sessionId } } }),
    ]);
    return { signedOut: ended.count };
  },
});

export const enrolTotpOp = operation({
  name: "totp.enrol",
  summary: "Turn on two-step verification with a first code from the authenticator app (operators' decisions need it)",
  input: z.object({ code: z.string().trim().max(6, "stepUp.totp_invalid").regex(/^\d{6}$/, "stepUp.totp_invalid") }),
  who: "user",
  refusals: { totp_invalid: 422 },
  messages: "stepUp",
  run: async (actor, input) => {
    if (!(await confirmEnrolment(actor.id, input.code))) throw new Refused("totp_invalid");
    return { enabled: true as const };
  },
});
