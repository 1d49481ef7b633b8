import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";

/** "in 3 h 12 min": rendered after hydration (server and browser clocks differ), ticking each second. */
export function Countdown({ to, fallback }: { to: string; fallback: string }) {
  const { t } = useTranslation();
  const [now, setNow] = useState<number | null>(null);
  useEffect(() => {
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), 1_000);
    return () => clearInterval(timer);
  }, []);
  if (now === null) return <>{fallback}</>;
  const seconds = Math.max(0, Math.round((new Date(to).getTime() - now) / 1000));
  const hours = Math.floor(seconds / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  return <>{t("time.in", { hours, minutes, seconds: seconds % 60, context: hours > 0 ? "hours" : "minutes" })}</>;
}
