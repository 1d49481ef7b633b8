import { Prisma } from "@prisma/client";
import type { z } from "zod";
import { db } from "~/db/client.server";
import { claimRequestsByEmail } from "~/energy/friends.server";
import { afterFailedLogin, afterLogin, beforeLogin } from "./login-limits.server";
import { hashPassword, verifyPassword } from "./password.server";
import type { loginSchema } from "./schemas";

export class EmailTakenError extends Error {
  override name = "EmailTakenError";
  constructor() {
    super("An account with this email already exists");
  }
}

/** The password is too easy to guess: `problems` are message keys saying why (password-strength.server.ts). */
export class WeakPassword extends Error {
  constructor(readonly problems: string[]) {
    super("The password is too easy to guess");
  }
}

/**
 * Makes the account (with a password already hashed) and hands it the friend requests sent to its
 * address; throws EmailTakenError. People get here through the link of signup.server.ts.
 */
export async function createUser(input: { email: string; displayName: string; passwordHash: string }) {
  try {
    return await db().$transaction(async (tx) => {
      const user = await tx.user.create({ data: { email: input.email, displayName: input.displayName, passwordHash: input.passwordHash }, select: { id: true } });
      await claimRequestsByEmail(tx, user.id, input.email);
      return user;
    });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") throw new EmailTakenError();
    throw error;
  }
}

// Verifying against a fixed hash when the email is unknown keeps both answers equally slow.
let decoyHash: Promise<string> | undefined;

/**
 * The account behind an email and password, or null. Throws RateLimited (before any hash is
 * computed) while this address or account is locked out (login-limits.server.ts).
 */
export async function authenticate(input: z.infer<typeof loginSchema>) {
  await beforeLogin(input.email);
  const user = await db().user.findUnique({ where: { email: input.email }, select: { id: true, passwordHash: true } });
  if (!user) {
    decoyHash ??= hashPassword("decoy-password-never-matches");
    await verifyPassword(await decoyHash, input.password);
  }
  if (!user || !(await verifyPassword(user.passwordHash, input.password))) {
    await afterFailedLogin(input.email);
    return null;
  }
  await afterLogin(input.email);
  return { id: user.id };
}
