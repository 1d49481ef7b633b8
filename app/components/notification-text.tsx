import { useTranslation } from "react-i18next";
import type { NotificationKind, NotificationParams } from "~/notifications/kinds";
import { messageValues } from "~/notifications/message-values";

/** A notification in the reader's language (the mail says the same: deliver.server.ts `notificationText`). */
export function NotificationText({ kind, params }: { kind: NotificationKind; params: NotificationParams }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language === "en" ? "en" : "zh";
  return (
    <>
      {t(`notifications.kind.${kind}`, messageValues(params, lng, (key, values) => t(key, values)))}
    </>
  );
}
