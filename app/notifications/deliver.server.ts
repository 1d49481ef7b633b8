import type { Prisma } from "@prisma/client";
import { db } from "~/db/client.server";
import { textIn } from "~/i18n/english.server";
import { queueMail } from "~/mail/mail.server";
import { orderName } from "~/commerce/order-name";
import { publicOrigin } from "~/utils/env.server";
import type { NotificationEvent } from "./event";
import { defaultChannel, type NotificationKind, type NotificationParams } from "./kinds";
import { messageValues } from "./message-values";

// The "notify" job's side of notifications (how events are written: notify.server.ts).

async function resolveParams(tx: Prisma.TransactionClient, params: NotificationEvent["params"]): Promise<NotificationParams> {
  const { actorId, projectId, orderId, ...rest } = params;
  const [actor, project, lines] = await Promise.all([
    actorId ? tx.user.findUnique({ where: { id: actorId }, select: { displayName: true } }) : null,
    projectId ? tx.project.findUnique({ where: { id: projectId }, select: { nameZh: true, nameEn: true, kind: true } }) : null,
    orderId ? tx.orderLine.findMany({ where: { orderId }, orderBy: { id: "asc" }, select: { quantity: true, product: { select: { nameZh: true, nameEn: true } } } }) : null,
  ]);
  return {
    ...rest,
    ...(actor ? { actor: actor.displayName } : {}),
    ...(project ? { project: { zh: project.nameZh, en: project.nameEn }, projectKind: project.kind } : {}),
    ...(lines ? { orderName: orderName(lines) } : {}),
  };
}

/**
 * The job: one notification per person who has not turned the kind off (ON CONFLICT: a second run
 * adds nothing), and, in the same transaction, a mail to each new one who chose mail. Returns how
 * many notifications it made.
 */
export async function deliverNotification(event: NotificationEvent): Promise<number> {
  return db().$transaction(async (tx) => {
    const audience =
      event.to === "operators"
        ? (await tx.user.findMany({ where: { role: "OPERATOR" }, select: { id: true }, orderBy: { id: "asc" } })).map((u) => u.id)
        : event.to;
    const to = audience.filter((id) => id !== event.except);
    if (to.length === 0) return 0;
    const chosen = new Map(
      (await tx.notificationChoice.findMany({ where: { userId: { in: to }, kind: event.kind } })).map((choice) => [choice.userId, choice.channel]),
    );
    const channel = (userId: string) => chosen.get(userId) ?? defaultChannel(event.kind);
    const wanted = to.filter((userId) => channel(userId) !== "OFF");
    if (wanted.length === 0) return 0;
    const params = await resolveParams(tx, event.params);
    const made = await tx.$queryRaw<{ userId: string; email: string }[]>`
      WITH made AS (
        INSERT INTO "Notification" (id, "userId", kind, key, params)
        SELECT gen_random_uuid()::text, u.id, ${event.kind}, ${event.key}, ${JSON.stringify(params)}::jsonb
        FROM "User" u WHERE u.id = ANY(${wanted}::text[])
        ON CONFLICT ("userId", key) DO NOTHING
        RETURNING "userId"
      )
      SELECT made."userId", u.email FROM made JOIN "User" u ON u.id = made."userId"`;
    for (const person of made) {
      if (channel(person.userId) === "ALL") await queueMail(tx, notificationMail(person.email, event.kind, params));
    }
    return made.length;
  });
}

/** The words of a notification in a language (the centre and the mail say the same). */
export function notificationText(lng: "zh" | "en", kind: NotificationKind, params: NotificationParams): string {
  return textIn(lng, `notifications.kind.${kind}`, messageValues(params, lng, (key, values) => textIn(lng, key, values)));
}

function notificationMail(to: string, kind: NotificationKind, params: NotificationParams) {
  const origin = publicOrigin();
  const link = `${origin}${params.href ?? "/notifications"}`;
  const say = (lng: "zh" | "en") => notificationText(lng, kind, params);
  const quoted = (lng: "zh" | "en") => (params.message ? [`${textIn(lng, "notifications.theyWrote")} “${params.message}”`] : []);
  return {
    to,
    kind: `notify-${kind}`,
    subject: `树苗 Sapling：${say("zh")} · ${say("en")}`,
    text: [
      say("zh"),
      ...quoted("zh"),
      link,
      "",
      `${textIn("zh", "notifications.mailFooter")} ${origin}/notifications`,
      "",
      "——",
      "",
      say("en"),
      ...quoted("en"),
      link,
      "",
      `${textIn("en", "notifications.mailFooter")} ${origin}/notifications`,
    ].join("\n"),
  };
}
