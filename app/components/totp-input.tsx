import { Link, useRouteLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { loader as rootLoader } from "~/root";
import { useDateTime } from "./time";

/**
 * The code from an operator's authenticator app, asked with a decision that moves money or energy
 * (app/auth/totp.server.ts); not asked again for ten minutes after one was given in this session.
 * In the demo (DEMO_MODE) the current code is shown beside it.
 */
export function TotpInput() {
  const { t } = useTranslation();
  const root = useRouteLoaderData<typeof rootLoader>("root");
  const demo = root?.demoTotp ?? null;
  const until = root?.user?.stepUpUntil;
  const formatTime = useDateTime("Asia/Shanghai");
  if (until && new Date(until) > new Date()) {
    return (
      <p className="muted" data-testid="totp-covered">
        {t("stepUp.covered", { until: formatTime(until) })}
      </p>
    );
  }
  return (
    <label className="totp">
      {t("stepUp.label")}
      <input name="totp" inputMode="numeric" autoComplete="one-time-code" pattern="[0-9]{6}" maxLength={6} required placeholder="123456" data-testid="totp" />
      <span className="muted">
        {t("stepUp.hint")} <Link to="/me/security">{t("stepUp.setUp")}</Link>
      </span>
      {demo ? (
        <span className="badge demo" data-testid="demo-totp">
          {demo.code ? t("stepUp.demoCode", { code: demo.code }) : t("stepUp.demoWait", { seconds: demo.nextInSeconds })}
        </span>
      ) : null}
    </label>
  );
}
