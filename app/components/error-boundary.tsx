import { isRouteErrorResponse, Link, useLocation, useRouteError } from "@remix-run/react";
import { useTranslation } from "react-i18next";

type InputProblemData = { inputProblem?: { key: string; params: Record<string, string | number> }; retryAfterSeconds?: number };

/**
 * What a route shows when its loader or action refused or failed: not found, not allowed, input
 * that could not be read (with the reason, translated), or our own failure. Routes export it as
 * their ErrorBoundary, so the page around them (the header, the ops menu) stays.
 */
export function GeneralErrorBoundary() {
  const error = useRouteError();
  const { t } = useTranslation();
  const ways = <WaysOn />;
  if (isRouteErrorResponse(error)) {
    const problem = (error.data as InputProblemData | null)?.inputProblem;
    if (problem) {
      return (
        <section className="error" data-status={error.status}>
          <h1>{t("errors.badRequestTitle")}</h1>
          <p>{t(`errors.input.${problem.key}`, problem.params)}</p>
          {ways}
        </section>
      );
    }
    if (error.status === 429) {
      const minutes = Math.ceil(((error.data as InputProblemData | null)?.retryAfterSeconds ?? 60) / 60);
      return (
        <section className="error" data-status={429}>
          <h1>{t("errors.rateLimitedMinutes", { minutes })}</h1>
          {ways}
        </section>
      );
    }
    if (error.status === 403 || error.status === 404) {
      const key = error.status === 403 ? "forbidden" : "notFound";
      return (
        <section className="error" data-status={error.status}>
          <h1>{t(`errors.${key}Title`)}</h1>
          <p>{t(`errors.${key}`)}</p>
          {ways}
        </section>
      );
    }
  }
  return (
    <section className="error" data-status="500">
      <h1>{t("errors.generic")}</h1>
      {ways}
    </section>
  );
}

/** Where to go from an error: the page above this one (/ops/projects for /ops/projects/x), and home. */
function WaysOn() {
  const { t } = useTranslation();
  const { pathname } = useLocation();
  const up = pathname.replace(/\/[^/]*\/?$/, "");
  return (
    <p className="error-ways">
      {up && up !== pathname ? (
        <>
          <Link to={up}>← {t("errors.up")}</Link>
          {" · "}
        </>
      ) : null}
      <Link to="/">{t("errors.home")}</Link>
    </p>
  );
}
