import { useTranslation } from "react-i18next";
import { useDateTime } from "./time";

type Activity = { id: string; kind: string; grams: number | null; detail: string | null; actor: string | null; createdAt: string };

export function Feed({ activity, timeZone }: { activity: Activity[]; timeZone: string }) {
  const { t } = useTranslation();
  const formatTime = useDateTime(timeZone);
  if (activity.length === 0) return <p className="muted">{t("feed.empty")}</p>;
  return (
    <ul className="feed" data-testid="feed">
      {activity.map((item) => (
        <li key={item.id} data-kind={item.kind}>
          <span className="muted">{formatTime(item.createdAt)}</span>{" "}
          {t(`feed.${item.kind}`, { name: item.actor ?? "?", grams: item.grams ?? 0, item: t(`feed.items.${item.detail ?? "cover"}`) })}
        </li>
      ))}
    </ul>
  );
}
