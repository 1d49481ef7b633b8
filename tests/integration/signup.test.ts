import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { authenticate } from "~/auth/accounts.server";
import { signupSchema } from "~/auth/schemas";
import { confirmSignup, requestSignup, signupLinkFor } from "~/auth/signup.server";
import { db } from "~/db/client.server";
import { sendQueuedMail } from "~/mail/mail.server";
import { resetEnvCache } from "~/utils/env.server";
import { logContext } from "~/utils/logger.server";
import { useSmtpServer } from "../support/smtp";

// Signing up by email against a real SMTP server this test starts (the smtp-server package): the
// same answer and the same work whether or not the address has an account, the link that
// finishes the account, and mail sent once however often its job runs.

const received = useSmtpServer();

const ORIGIN = "https://sapling.test";
const newEmail = () => `signup-${randomBytes(4).toString("hex")}@example.com`;
const asClient = <T>(work: () => Promise<T>) => logContext.run({ ip: `198.51.100.${Math.floor(Math.random() * 250)}` }, work);

/** Sends what the last request queued, as the worker would, and returns what the SMTP server got for `to`. */
async function deliveredTo(to: string) {
  const mail = await db().mail.findFirstOrThrow({ where: { to }, orderBy: { createdAt: "desc" } });
  expect(await sendQueuedMail(mail.id)).toBe("sent");
  // A second run of the same job sends nothing.
  expect(await sendQueuedMail(mail.id)).toBe("already");
  const got = received.filter((mail) => mail.to.includes(to));
  expect(got).toHaveLength(1);
  return { row: mail, message: got[0]! };
}

const linkIn = (text: string) => text.match(/\/signup\/confirm\?token=([\w-]+)/)?.[1];

describe("signing up by email", () => {
  it("sends a new address a link that finishes the account once, then lets it sign in", async () => {
    const email = newEmail();
    await asClient(() => requestSignup(signupSchema.parse({ email, password: "lantern river honey", displayName: "Lin" }), ORIGIN));
    expect(await db().user.count({ where: { email } })).toBe(0);
    const { row, message } = await deliveredTo(email);
    expect(row.kind).toBe("signup-confirm");
    expect(message.data).toContain(`Message-ID: <${row.id}@sapling>`);
    const token = linkIn(row.text)!;
    expect(row.text).toContain(`${ORIGIN}/signup/confirm?token=${token}`);

    expect(await signupLinkFor(token)).toEqual({ email, displayName: "Lin" });
    const { id } = await confirmSignup(token);
    expect(await asClient(() => authenticate({ email, password: "lantern river honey" }))).toEqual({ id });
    // Good once.
    expect(await signupLinkFor(token)).toBeNull();
    await expect(confirmSignup(token)).rejects.toMatchObject({ code: "link_invalid" });
    await expect(confirmSignup("not-a-token")).rejects.toMatchObject({ code: "link_invalid" });
  });

  it("answers an address that has an account exactly as a new one, and tells only its owner", async () => {
    const email = newEmail();
    await asClient(() => requestSignup(signupSchema.parse({ email, password: "lantern river honey", displayName: "First" }), ORIGIN));
    await confirmSignup(linkIn((await db().mail.findFirstOrThrow({ where: { to: email } })).text)!);

    const before = { pending: await db().pendingSignup.count(), mail: await db().mail.count() };
    // Resolves the same way (no value, no error) and writes the same rows.
    await expect(asClient(() => requestSignup(signupSchema.parse({ email, password: "another long pass phrase", displayName: "Second" }), ORIGIN))).resolves.toBeUndefined();
    expect({ pending: await db().pendingSignup.count(), mail: await db().mail.count() }).toEqual({ pending: before.pending + 1, mail: before.mail + 1 });
    const latest = await db().mail.findFirstOrThrow({ where: { to: email }, orderBy: { createdAt: "desc" } });
    expect(latest.kind).toBe("signup-existing");
    expect(linkIn(latest.text)).toBeUndefined();
    expect(latest.text).toContain(`${ORIGIN}/login`);
    // The account is untouched: the old password still works, the new one does not.
    expect(await asClient(() => authenticate({ email, password: "another long pass phrase" }))).toBeNull();
  });

  it("lets one of two links for the same address make the account", async () => {
    const email = newEmail();
    for (const name of ["One", "Two"]) await asClient(() => requestSignup(signupSchema.parse({ email, password: "lantern river honey", displayName: name }), ORIGIN));
    const links = (await db().mail.findMany({ where: { to: email } })).map((mail) => linkIn(mail.text)!);
    const outcomes = await Promise.allSettled(links.map((token) => confirmSignup(token)));
    expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(1);
    expect(await db().user.count({ where: { email } })).toBe(1);
  });

  it("refuses an expired link", async () => {
    const email = newEmail();
    await asClient(() => requestSignup(signupSchema.parse({ email, password: "lantern river honey", displayName: "Late" }), ORIGIN));
    await db().pendingSignup.updateMany({ where: { email }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const token = linkIn((await db().mail.findFirstOrThrow({ where: { to: email } })).text)!;
    expect(await signupLinkFor(token)).toBeNull();
    await expect(confirmSignup(token)).rejects.toMatchObject({ code: "link_invalid" });
  });

  it("keeps a mail queued, to be tried again, while the SMTP server cannot be reached", async () => {
    const email = newEmail();
    await asClient(() => requestSignup(signupSchema.parse({ email, password: "lantern river honey", displayName: "Retry" }), ORIGIN));
    const mail = await db().mail.findFirstOrThrow({ where: { to: email } });
    const working = process.env.SMTP_URL;
    process.env.SMTP_URL = "smtp://127.0.0.1:1";
    resetEnvCache();
    await expect(sendQueuedMail(mail.id)).rejects.toThrow();
    expect(await db().mail.findUniqueOrThrow({ where: { id: mail.id } })).toMatchObject({ status: "QUEUED", attempts: 1 });
    process.env.SMTP_URL = working;
    resetEnvCache();
    expect(await sendQueuedMail(mail.id)).toBe("sent");
  });
});
