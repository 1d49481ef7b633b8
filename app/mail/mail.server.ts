import type { Prisma } from "@prisma/client";
import { createTransport, type Transporter } from "nodemailer";
import { db } from "~/db/client.server";
import { outboxRow } from "~/queue/jobs.server";
import { env } from "~/utils/env.server";
import { logger } from "~/utils/logger.server";
import { singleton } from "~/utils/singleton.server";

// Mail people get (a link to finish signing up, a note that someone used their address). A mail is
// a row written in the transaction that decides to send it, with an outbox row: the "send-mail"
// job sends it through SMTP_URL (nodemailer), so a crash between the decision and the sending
// loses nothing, and a job run twice sends once (the row is claimed before it is sent). Without
// SMTP_URL nothing leaves the machine: in the demo the mail waits in the demo mailbox
// (/demo/mailbox), elsewhere it is marked NOT_SENT and logged.

export type MailInput = { to: string; subject: string; text: string; kind: string };

export async function queueMail(tx: Prisma.TransactionClient, mail: MailInput): Promise<string> {
  const row = await tx.mail.create({ data: { to: mail.to, subject: mail.subject, text: mail.text, kind: mail.kind } });
  await tx.outboxEvent.create({ data: outboxRow("mail.queued", `mail-${row.id}`, { mailId: row.id }) });
  return row.id;
}

const transport = (): Transporter | null =>
  env().SMTP_URL ? singleton(`smtp:${env().SMTP_URL}`, () => createTransport(env().SMTP_URL!)) : null;

/**
 * The job: claims the mail (QUEUED → SENDING, so a second run of the job does nothing), sends it,
 * and marks it SENT; a failure puts it back to QUEUED and throws, for BullMQ to try again later.
 */
export async function sendQueuedMail(mailId: string): Promise<"sent" | "demo" | "not-sent" | "already"> {
  const claimed = await db().mail.updateMany({ where: { id: mailId, status: "QUEUED" }, data: { status: "SENDING", attempts: { increment: 1 } } });
  if (claimed.count === 0) return "already";
  const mail = await db().mail.findUniqueOrThrow({ where: { id: mailId } });
  const smtp = transport();
  if (!smtp) {
    const status = env().DEMO_MODE ? "DEMO" : "NOT_SENT";
    if (status === "NOT_SENT") logger.warn({ mailId, kind: mail.kind }, "mail not sent: SMTP_URL is not set");
    await db().mail.update({ where: { id: mailId }, data: { status } });
    return status === "DEMO" ? "demo" : "not-sent";
  }
  try {
    await smtp.sendMail({ from: env().MAIL_FROM, to: mail.to, subject: mail.subject, text: mail.text, messageId: `<${mail.id}@sapling>` });
  } catch (error) {
    await db().mail.update({ where: { id: mailId }, data: { status: "QUEUED", lastError: String(error).slice(0, 500) } });
    throw error;
  }
  await db().mail.update({ where: { id: mailId }, data: { status: "SENT", sentAt: new Date(), lastError: null } });
  return "sent";
}

/** The demo's mailbox: the latest mails, newest first (DEMO_MODE only; the route refuses otherwise). */
export async function demoMailbox(take = 50) {
  const mails = await db().mail.findMany({ orderBy: { createdAt: "desc" }, take, select: { id: true, to: true, subject: true, text: true, createdAt: true } });
  return mails.map((mail) => ({ ...mail, createdAt: mail.createdAt.toISOString() }));
}
