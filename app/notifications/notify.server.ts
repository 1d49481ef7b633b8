import type { Prisma } from "@prisma/client";
import { outboxRow } from "~/queue/jobs.server";
import type { NotificationEvent } from "./event";

// Telling people what happened to them. The code that decides an event writes, in its own
// transaction, an outbox row naming it (`notify`, or the same row from SQL); the "notify" job turns
// it into one Notification per person who wants it, and a mail for those who asked for mail. The
// row's key makes both happen once however often the job runs (docs/decisions/023-notifications.md).

/** The outbox row for an event, to insert in the deciding transaction. */
export const notificationRow = (event: NotificationEvent) => outboxRow("notification", `notify-${event.key}`, event);

export async function notify(tx: Prisma.TransactionClient, event: NotificationEvent): Promise<void> {
  await tx.outboxEvent.create({ data: notificationRow(event) });
}
