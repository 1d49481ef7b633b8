import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { IntentReply } from "~/components/intent-reply";
import { requireUser } from "~/auth/guards.server";
import { Pager } from "~/components/pager";
import { useDateTime } from "~/components/time";
import { db } from "~/db/client.server";
import { choicesOf, listNotifications } from "~/notifications/centre.server";
import { CHANNELS } from "~/notifications/kinds";
import { chooseNotifications, markNotificationsRead } from "~/notifications/operations.server";
import { NotificationText } from "~/components/notification-text";
import { pageParam } from "~/utils/input.server";
import { intent, pageAction } from "~/utils/operation.server";

// The notification centre: what happened to you, newest first, with what is new marked; and what
// you choose to hear about, and how.

export const handle = { i18n: ["feed", "notifications"] };

export const meta: MetaFunction = () => [{ title: "Notifications · Sapling" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const page = pageParam(request);
  const [list, choices, me] = await Promise.all([
    listNotifications(user.id, page),
    choicesOf(user.id, user.role),
    db().user.findUniqueOrThrow({ where: { id: user.id }, select: { timeZone: true } }),
  ]);
  return json({ ...list, page, choices, timeZone: me.timeZone });
}

export const action = (args: ActionFunctionArgs) =>
  pageAction(args, {
    read: intent(markNotificationsRead, { done: () => ({ message: "notifications.markedAllRead" }) }),
    choose: intent(chooseNotifications, { done: () => ({ message: "notifications.saved" }) }),
  });

export default function Notifications() {
  const { t } = useTranslation();
  const { notifications, pages, page, choices, timeZone } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const formatTime = useDateTime(timeZone);
  const unread = notifications.some((n) => !n.read);
  return (
    <section className="stack">
      <h1>{t("notifications.title")}</h1>
      <IntentReply reply={result} about="read" />
      {notifications.length === 0 ? (
        <p className="notice" data-testid="notifications-empty">
          {t("notifications.empty")}
        </p>
      ) : (
        <>
          {unread ? (
            <Form method="post">
              <button type="submit" name="intent" value="read" className="secondary" disabled={busy}>
                {t("notifications.markAllRead")}
              </button>
            </Form>
          ) : null}
          <ul className="notification-list plain">
            {notifications.map((n) => (
              <li key={n.id} data-testid="notification" data-kind={n.kind} data-read={n.read} className={n.read ? "" : "unread"}>
                {n.read ? null : <span className="badge">{t("notifications.unread")}</span>}{" "}
                {n.params.href ? (
                  <Link to={n.params.href}>
                    <NotificationText kind={n.kind} params={n.params} />
                  </Link>
                ) : (
                  <NotificationText kind={n.kind} params={n.params} />
                )}
                {n.params.message ? (
                  <blockquote className="gift-message" data-testid="notification-message">
                    {n.params.message}
                  </blockquote>
                ) : null}
                <br />
                <span className="muted">{formatTime(n.createdAt)}</span>
              </li>
            ))}
          </ul>
          <Pager page={page} pages={pages} />
        </>
      )}

      <h2 id="choices">{t("notifications.choices")}</h2>
      <p className="muted">{t("notifications.choicesHint")}</p>
      <IntentReply reply={result} about="choose" />
      <Form method="post" className="stack notification-choices">
        <input type="hidden" name="intent" value="choose" />
        {choices.map((choice) => (
          <label key={choice.kind}>
            {t(`notifications.kindName.${choice.kind}`)}
            <select name={choice.kind} defaultValue={choice.channel} data-testid={`choice-${choice.kind}`}>
              {CHANNELS.map((channel) => (
                <option key={channel} value={channel}>
                  {t(`notifications.channel.${channel}`)}
                </option>
              ))}
            </select>
          </label>
        ))}
        <button type="submit" disabled={busy}>
          {t("notifications.save")}
        </button>
      </Form>
    </section>
  );
}
