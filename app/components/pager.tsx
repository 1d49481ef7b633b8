import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";

/** Newer / older links for a list paged by ?page=N (page 1 is the newest). */
export function Pager({ page, pages }: { page: number; pages: number }) {
  const { t } = useTranslation();
  if (pages <= 1) return null;
  return (
    <p>
      {page > 1 ? <Link to={`?page=${page - 1}`}>{t("payouts.newer")}</Link> : null} {t("payouts.page", { page, pages })}{" "}
      {page < pages ? <Link to={`?page=${page + 1}`}>{t("payouts.older")}</Link> : null}
    </p>
  );
}
