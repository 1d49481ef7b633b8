import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll } from "vitest";
import { resetEnvCache } from "~/utils/env.server";

export type Received = { from: string; to: string[]; data: string };

/**
 * A real SMTP server (the smtp-server package) for this test file, with SMTP_URL pointing at it:
 * what it received, in order. Mail goes through nodemailer exactly as in production.
 */
export function useSmtpServer() {
  const received: Received[] = [];
  let smtp: SMTPServer;
  beforeAll(async () => {
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ["STARTTLS"],
      onData(stream, session, callback) {
        let data = "";
        stream.on("data", (chunk: Buffer) => (data += chunk.toString("utf8")));
        stream.on("end", () => {
          received.push({ from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "", to: session.envelope.rcptTo.map((r) => r.address), data });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, "127.0.0.1", resolve));
    process.env.SMTP_URL = `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`;
    resetEnvCache();
  });
  afterAll(async () => {
    delete process.env.SMTP_URL;
    resetEnvCache();
    await new Promise<void>((resolve) => smtp.close(() => resolve()));
  });
  return received;
}

/** A received mail's text as written (nodemailer sends non-ASCII text quoted-printable). */
export function mailText(mail: Received): string {
  const bytes = mail.data.replace(/=\r?\n/g, "").replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  return Buffer.from(bytes, "latin1").toString("utf8");
}
