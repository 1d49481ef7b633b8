import { randomUUID } from "node:crypto";
import { describe, expect, inject, it } from "vitest";
import { DEMO_PASSWORD, DEMO_USERS } from "../../prisma/seed";
import { useOwnWebServer } from "../support/own-web";
import { useWorkers } from "../support/processes";
import { mailText, useSmtpServer } from "../support/smtp";

// A notification mailed the whole way, as deployed with SMTP_URL: the web server and workers of
// this file (their own database and queues) and a real SMTP server the test starts. A gift is
// redeemed through the API; the worker settles it, makes the recipient's notification, and sends
// the mail, which the SMTP server receives.

const received = useSmtpServer();
const QUEUES = { QUEUE_PREFIX: "notifymail" };
const own = useOwnWebServer("notifymail", () => ({ ...QUEUES, SMTP_URL: process.env.SMTP_URL! }));
const workers = useWorkers(() => ({ ...inject("serviceEnv"), ...QUEUES, DATABASE_URL: own.databaseUrl, SMTP_URL: process.env.SMTP_URL }));

async function call(method: string, path: string, body?: unknown, token?: string) {
  const response = await fetch(`${own.base}${path}`, {
    method,
    headers: { "Content-Type": "application/json", ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
}

const signIn = async (email: string) => (await call("POST", "/api/v1/sessions", { email, password: DEMO_PASSWORD })).body.token as string;

describe("a notification by mail", () => {
  it("reaches a gift's recipient through the SMTP server, once, with the giver's message and a link to the certificate", { timeout: 150_000 }, async () => {
    workers.start();
    const [giver, recipient] = [await signIn(DEMO_USERS.consumer.email), await signIn(DEMO_USERS.guardian.email)];
    const recipientId = (await call("GET", "/api/v1/me", undefined, recipient)).body.id as string;
    const projects = (await call("GET", "/api/v1/projects")).body as { id: string; slug: string }[];
    const forest = projects.find((p) => p.slug === "sea-buckthorn-inner-mongolia")!;
    const gift = await call("POST", "/api/v1/redemptions", { projectId: forest.id, quantity: 1, idempotencyKey: randomUUID(), giftToUserId: recipientId, giftMessage: "一棵沙棘，送给守护关坝的你。" }, giver);
    expect(gift.status).toBe(202);

    // (The guardian also hears, by mail, of the seed's plantings: the gift's mail is the one with its words.)
    const giftMails = () => received.filter((m) => m.to.includes(DEMO_USERS.guardian.email) && mailText(m).includes("一棵沙棘，送给守护关坝的你。"));
    await expect.poll(() => giftMails().length, { timeout: 90_000, interval: 250 }).toBe(1);
    const mail = mailText(giftMails()[0]!);
    expect(mail).toMatch(/gave you 1 tree of Sea-buckthorn economic forest, Inner Mongolia/);
    const { certificateNumber } = (await call("GET", `/api/v1/redemptions/${gift.body.id}`, undefined, giver)).body;
    expect(mail).toContain(`/certificates/${certificateNumber}`);

    // In the centre too, unread; and nothing more is mailed however long the workers run on.
    const listed = (await call("GET", "/api/v1/me/notifications", undefined, recipient)).body;
    expect(listed.notifications[0]).toMatchObject({ kind: "gift_received", read: false, params: { message: "一棵沙棘，送给守护关坝的你。" } });
    expect(giftMails()).toHaveLength(1);
  });
});
