import { createHash, randomBytes } from "node:crypto";
import type { z } from "zod";
import { db } from "~/db/client.server";
import { queueMail } from "~/mail/mail.server";
import { clientIp, consume, RULES } from "~/utils/rate-limit.server";
import { Refused } from "~/utils/refused";
import { createUser, EmailTakenError, WeakPassword } from "./accounts.server";
import { hashPassword } from "./password.server";
import { passwordProblems } from "./password-strength.server";
import type { signupSchema } from "./schemas";

// Signing up by email, without telling anyone whether an address has an account
// (docs/decisions/019-no-account-enumeration.md): the answer is always "we sent you a link", after
// the same work either way (limits, password check, a hash, a row and a mail in one transaction).
// A new address gets a link that finishes the account; an address with an account gets a note
// saying so, with a link to log in. Only the mailbox's owner learns which it was.

export const SIGNUP_LINK_HOURS = 24;

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

export class SignupRefused extends Refused<"link_invalid" | "email_taken"> {}

/** Asks for an account; throws RateLimited or WeakPassword, else returns when the mail is queued. */
export async function requestSignup(input: z.infer<typeof signupSchema>, origin: string): Promise<void> {
  await consume(RULES.signupsByIp(), clientIp());
  const problems = passwordProblems(input.password, [input.email, input.displayName]);
  if (problems.length) throw new WeakPassword(problems);
  const passwordHash = await hashPassword(input.password);
  const token = randomBytes(32).toString("base64url");
  const taken = (await db().user.count({ where: { email: input.email } })) > 0;
  await db().$transaction(async (tx) => {
    // A row either way (for a taken address, one no link can use): the same writes, the same time.
    await tx.pendingSignup.create({
      data: {
        email: input.email,
        displayName: input.displayName,
        passwordHash: taken ? "" : passwordHash,
        tokenHash: sha256(taken ? randomBytes(32).toString("base64url") : token),
        expiresAt: new Date(Date.now() + SIGNUP_LINK_HOURS * 3600_000),
      },
    });
    await queueMail(tx, taken ? alreadyHaveAnAccount(input.email, origin) : finishSigningUp(input.email, input.displayName, origin, token));
  });
}

/**
 * The link from the mail, used: the account is made (a link is good once and for a day), and any
 * friend requests sent to the address are waiting in it. Throws SignupRefused.
 */
export async function confirmSignup(token: string): Promise<{ id: string }> {
  const pending = await db().pendingSignup.findUnique({ where: { tokenHash: sha256(token) } });
  if (!pending || !pending.passwordHash || pending.expiresAt <= new Date()) throw new SignupRefused("link_invalid");
  const used = await db().pendingSignup.updateMany({ where: { id: pending.id, usedAt: null }, data: { usedAt: new Date() } });
  if (used.count === 0) throw new SignupRefused("link_invalid");
  try {
    return await createUser({ email: pending.email, displayName: pending.displayName, passwordHash: pending.passwordHash });
  } catch (error) {
    // Someone finished another link for the same address first.
    if (error instanceof EmailTakenError) throw new SignupRefused("email_taken");
    throw error;
  }
}

/** What a link may still do, for the page that asks before using it (mail scanners open links). */
export async function signupLinkFor(token: string): Promise<{ email: string; displayName: string } | null> {
  const pending = await db().pendingSignup.findUnique({ where: { tokenHash: sha256(token) } });
  if (!pending || !pending.passwordHash || pending.usedAt || pending.expiresAt <= new Date()) return null;
  return { email: pending.email, displayName: pending.displayName };
}

function finishSigningUp(email: string, name: string, origin: string, token: string) {
  const link = `${origin}/signup/confirm?token=${token}`;
  return {
    to: email,
    kind: "signup-confirm",
    subject: "树苗 Sapling：完成注册 · Finish creating your account",
    text: [
      `${name}，你好：`,
      "",
      `打开这个链接，完成树苗账号的注册（${SIGNUP_LINK_HOURS} 小时内有效，只能用一次）：`,
      link,
      "",
      "如果不是你本人申请的，忽略这封邮件即可。",
      "",
      "——",
      "",
      `Hello ${name},`,
      "",
      `Open this link to finish creating your Sapling account (it works once, for ${SIGNUP_LINK_HOURS} hours):`,
      link,
      "",
      "If you did not ask for an account, ignore this mail.",
    ].join("\n"),
  };
}

function alreadyHaveAnAccount(email: string, origin: string) {
  return {
    to: email,
    kind: "signup-existing",
    subject: "树苗 Sapling：你已经有账号了 · You already have an account",
    text: [
      "有人（也许是你）想用这个邮箱注册树苗账号，但它已经有账号了。直接登录即可：",
      `${origin}/login`,
      "",
      "如果不是你，忽略这封邮件即可：没有人能用它进入你的账号。",
      "",
      "——",
      "",
      "Someone, perhaps you, tried to create a Sapling account with this address, which already has one. Log in instead:",
      `${origin}/login`,
      "",
      "If it was not you, ignore this mail: nobody can get into your account with it.",
    ].join("\n"),
  };
}
