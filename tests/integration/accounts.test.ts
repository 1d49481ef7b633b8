import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { authenticate, EmailTakenError, WeakPassword } from "~/auth/accounts.server";
import { requestSignup } from "~/auth/signup.server";
import { signupSchema } from "~/auth/schemas";
import { createSession, getUser } from "~/auth/session.server";
import { db } from "~/db/client.server";
import { signedUp } from "../support/factories";

const newEmail = () => `Someone-${randomBytes(4).toString("hex")}@Example.COM`;

describe("accounts", () => {
  it("stores a memory-hard hash, never the password, and normalises the email", async () => {
    const input = signupSchema.parse({ email: newEmail(), password: "correct horse", displayName: " 小红 " });
    const { id } = await signedUp(input);
    const row = await db().user.findUniqueOrThrow({ where: { id } });
    expect(row.email).toBe(input.email.toLowerCase());
    expect(row.displayName).toBe("小红");
    expect(row.passwordHash).toMatch(/^\$argon2id\$/);
    expect(row.passwordHash).not.toContain("correct horse");
  });

  it("refuses a second account with the same email, whatever its case", async () => {
    const email = newEmail();
    await signedUp(signupSchema.parse({ email, password: "first pass phrase", displayName: "A" }));
    await expect(
      signedUp(signupSchema.parse({ email: email.toUpperCase(), password: "second pass phrase", displayName: "B" })),
    ).rejects.toBeInstanceOf(EmailTakenError);
  });

  it("authenticates the right password only", async () => {
    const input = signupSchema.parse({ email: newEmail(), password: "the right pass phrase", displayName: "C" });
    const { id } = await signedUp(input);
    expect(await authenticate({ email: input.email, password: "the right pass phrase" })).toEqual({ id });
    expect(await authenticate({ email: input.email, password: "wrong-password" })).toBeNull();
    expect(await authenticate({ email: "nobody@example.com", password: "the right pass phrase" })).toBeNull();
  });

  it("refuses a password that is easy to guess, before storing anything, saying why", async () => {
    const email = newEmail();
    for (const [password, warning] of [
      ["12345678", null],
      ["password", "auth.passwordWarning.topTen"],
      ["aaaaaaaaaaaa", "auth.passwordWarning.simpleRepeat"],
      ["woaini1314", null],
    ] as const) {
      const refused = await requestSignup(signupSchema.parse({ email, password, displayName: "E" }), "https://sapling.test").catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(WeakPassword);
      expect((refused as WeakPassword).problems[0]).toBe("auth.passwordWeak");
      if (warning) expect((refused as WeakPassword).problems).toContain(warning);
    }
    expect(await db().pendingSignup.count({ where: { email: email.toLowerCase() } })).toBe(0);
    // Built from the account's own email or name.
    const own = await requestSignup(signupSchema.parse({ email: "xiaoming.wang2026@example.com", password: "xiaomingwang2026", displayName: "Xiaoming" }), "https://sapling.test").catch((e: unknown) => e);
    expect(own).toBeInstanceOf(WeakPassword);
  });

  it("resolves a bearer token to its user and stores only the token's hash", async () => {
    const { id } = await signedUp(signupSchema.parse({ email: newEmail(), password: "a pass phrase for tokens", displayName: "D" }));
    const token = await createSession(id);
    const request = new Request("http://test/api", { headers: { Authorization: `Bearer ${token}` } });
    expect((await getUser(request))?.id).toBe(id);
    expect(await db().session.count({ where: { tokenHash: token } })).toBe(0);
    const forged = new Request("http://test/api", { headers: { Authorization: `Bearer ${token}x` } });
    expect(await getUser(forged)).toBeNull();
  });
});
