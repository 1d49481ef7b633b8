import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";

/** Previous / next links for a list paged by ?page=N (page 1 first). */
export function Pager({ page, pages }: { page: number; pages: number }) {
  const { t } = useTranslation();
  if (pages <= 1) return null;
  return (
    <nav className="pager" aria-label={t("pager.page", { page, pages })}>
      {page > 1 ? <Link to={`?page=${page - 1}`} rel="prev">{t("pager.previous")}</Link> : null} <span>{t("pager.page", { page, pages })}</span>{" "}
      {page < pages ? <Link to={`?page=${page + 1}`} rel="next">{t("pager.next")}</Link> : null}
    </nav>
  );
}
