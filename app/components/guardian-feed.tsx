import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { GuardianFeedItem } from "~/projects/guardian-feed.server";

const FEW = 5;

/** A guardian's land, newest first (projects/guardian-feed.server.ts). */
export function GuardianFeed({ items, olderHref }: { items: GuardianFeedItem[]; olderHref: string | null }) {
  const { t, i18n } = useTranslation();
  const name = (n: { zh: string; en: string }) => (i18n.language === "en" ? n.en : n.zh);
  if (!items.length) return <p className="muted">{t("guardianFeed.empty")}</p>;
  return (
    <>
      <ul className="feed guardian-feed" data-testid="guardian-feed">
        {items.map((item) => (
          <li key={`${item.type}-${item.id}`} data-testid={`guardian-feed-${item.type === "plot" ? item.event : item.type}`}>
            <span className="muted">{"occurredOn" in item ? item.occurredOn : item.at.slice(0, 10)}</span>{" "}
            {item.type === "plot" ? (
              <>
                {t(`guardianFeed.${item.event}`, {
                  project: name(item.project),
                  years: item.years ? t("evidence.survivalYear", { count: item.years }) : "",
                  count: item.plots.length,
                })}{" "}
                {item.plots.slice(0, FEW).map((code, i) => (
                  <span key={code}>
                    {i > 0 ? ", " : ""}
                    <Link to={`/plots/${code}`}>
                      <code>{code}</code>
                    </Link>
                  </span>
                ))}
                {item.plots.length > FEW ? ` ${t("guardianFeed.more", { count: item.plots.length - FEW })}` : null}
              </>
            ) : item.type === "patrol" ? (
              t("guardianFeed.patrol", { project: name(item.project), route: item.route })
            ) : item.type === "news" ? (
              <>
                {t("guardianFeed.news", { project: name(item.project) })} <strong>{name(item.title)}</strong>
              </>
            ) : (
              <>
                <Link to={`/plots/${item.plot}`}>
                  <code>{item.plot}</code>
                </Link>{" "}
                {t("guardianFeed.visit", { distance: item.distanceM })}
              </>
            )}
          </li>
        ))}
      </ul>
      {olderHref ? <Link to={olderHref}>{t("guardianFeed.older")}</Link> : null}
    </>
  );
}
