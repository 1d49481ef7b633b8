import { db } from "~/db/client.server";
import { CHANNELS, defaultChannel, kindsFor, UNREAD_CAP, type Channel, type NotificationKind, type NotificationParams } from "./kinds";

// The notification centre: a person's notifications, newest first, what is unread, and their
// choices of what to hear about and how.

export const NOTIFICATIONS_PAGE = 30;

export async function listNotifications(userId: string, page: number) {
  const [rows, total] = await Promise.all([
    db().notification.findMany({
      where: { userId },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      skip: (page - 1) * NOTIFICATIONS_PAGE,
      take: NOTIFICATIONS_PAGE,
    }),
    db().notification.count({ where: { userId } }),
  ]);
  return {
    notifications: rows.map((n) => ({
      id: n.id,
      kind: n.kind as NotificationKind,
      params: n.params as NotificationParams,
      read: n.readAt !== null,
      createdAt: n.createdAt.toISOString(),
    })),
    pages: Math.ceil(total / NOTIFICATIONS_PAGE),
  };
}

/** Unread notifications, up to UNREAD_CAP + 1 (shown as "99+"). */
export async function unreadCount(userId: string): Promise<number> {
  const [row] = await db().$queryRaw<{ n: number }[]>`
    SELECT count(*)::int AS n FROM (SELECT 1 FROM "Notification" WHERE "userId" = ${userId} AND "readAt" IS NULL LIMIT ${UNREAD_CAP + 1}) x`;
  return row?.n ?? 0;
}

/** Marks the person's notifications read: the given ones, or all of them. Returns how many changed. */
export async function markRead(userId: string, ids: string[] | "all"): Promise<{ marked: number }> {
  const { count } = await db().notification.updateMany({
    where: { userId, readAt: null, ...(ids === "all" ? {} : { id: { in: ids } }) },
    data: { readAt: new Date() },
  });
  return { marked: count };
}

export async function choicesOf(userId: string, role: "CONSUMER" | "OPERATOR") {
  const rows = new Map((await db().notificationChoice.findMany({ where: { userId } })).map((c) => [c.kind, c.channel as Channel]));
  return kindsFor(role).map((kind) => ({ kind, channel: rows.get(kind) ?? defaultChannel(kind) }));
}

/** Saves the person's choices for the kinds given (others keep theirs); kinds not theirs to hear of are ignored. */
export async function saveChoices(userId: string, role: "CONSUMER" | "OPERATOR", choices: Partial<Record<NotificationKind, Channel>>) {
  const allowed = kindsFor(role).filter((kind) => choices[kind] && CHANNELS.includes(choices[kind]!));
  await db().$transaction(
    allowed.map((kind) =>
      db().notificationChoice.upsert({
        where: { userId_kind: { userId, kind } },
        create: { userId, kind, channel: choices[kind]! },
        update: { channel: choices[kind]! },
      }),
    ),
  );
  return choicesOf(userId, role);
}
