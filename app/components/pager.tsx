import { Link, useLocation } from "@remix-run/react";
import { useTranslation } from "react-i18next";

/** Previous / next links for a list paged by ?page=N (page 1 first), keeping the list's other parameters (its filters). */
export function Pager({ page, pages }: { page: number; pages: number }) {
  const { t } = useTranslation();
  const { search } = useLocation();
  if (pages <= 1) return null;
  const to = (n: number) => {
    const params = new URLSearchParams(search);
    params.set("page", String(n));
    return `?${params}`;
  };
  return (
    <nav className="pager" aria-label={t("pager.page", { page, pages })}>
      {page > 1 ? <Link to={to(page - 1)} rel="prev">{t("pager.previous")}</Link> : null} <span>{t("pager.page", { page, pages })}</span>{" "}
      {page < pages ? <Link to={to(page + 1)} rel="next">{t("pager.next")}</Link> : null}
    </nav>
  );
}
