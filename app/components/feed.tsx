import { useTranslation } from "react-i18next";
import { useDateTime } from "./time";

type Activity = {
  id: string;
  kind: string;
  grams: number | null;
  units: number | null;
  detail: string | null;
  project: { kind: "FOREST" | "PROTECTED_AREA"; name: { zh: string; en: string } } | null;
  actor: string | null;
  createdAt: string;
};

/** What happened to the user and what they did, in words. */
export function Feed({ activity, timeZone }: { activity: Activity[]; timeZone: string }) {
  const { t, i18n } = useTranslation();
  const formatTime = useDateTime(timeZone);
  if (activity.length === 0) return <p className="muted">{t("feed.empty")}</p>;
  return (
    <ul className="feed" data-testid="feed">
      {activity.map((item) => (
        <li key={item.id} data-kind={item.kind}>
          <span className="muted">{formatTime(item.createdAt)}</span>{" "}
          {t(`feed.${item.kind}`, {
            name: item.actor ?? "?",
            grams: item.grams ?? 0,
            item: t(`feed.items.${item.detail ?? "cover"}`, { defaultValue: "" }),
            source: item.detail ? t(`forest.action.${item.detail}`, { defaultValue: item.detail }) : "",
            team: item.detail ?? "",
            count: item.units ?? 0,
            unit: item.project ? t(`feed.units.${item.project.kind}`, { count: item.units ?? 0 }) : "",
            project: item.project ? (i18n.language === "en" ? item.project.name.en : item.project.name.zh) : "",
          })}
        </li>
      ))}
    </ul>
  );
}
