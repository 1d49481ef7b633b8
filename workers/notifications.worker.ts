import { sendQueuedMail } from "~/mail/mail.server";
import { deliverNotification } from "~/notifications/deliver.server";
import { processorFor } from "~/queue/jobs.server";
import { QUEUES } from "~/queue/queues.server";

export const processNotifications = processorFor(QUEUES.notifications, {
  /** A mail written by a decision (mail.server.ts): sent once, tried again while SMTP is away. */
  "send-mail": async ({ mailId }) => ({ outcome: await sendQueuedMail(mailId) }),
  /** An event someone should hear of (notify.server.ts): one notification each, once. */
  notify: async (event) => ({ made: await deliverNotification(event) }),
});
