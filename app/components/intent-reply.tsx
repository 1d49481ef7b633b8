import type { PageReply } from "~/utils/page-reply";
import { useTranslation } from "react-i18next";

/** What a page's action said about one of its intents (`about`), beside that intent's form; nothing otherwise. */
export function IntentReply({ reply, about }: { reply: PageReply | undefined; about: string }) {
  const { t } = useTranslation();
  if (reply?.intent !== about) return null;
  return (
    <p role="status" className={reply.ok ? "notice" : "field-error"} data-testid={`${about}-result`}>
      {reply.ok ? t(reply.message, { ...reply.params }) : t(reply.error, { ...reply.params })}
    </p>
  );
}
