import { Form, Link, NavLink, useLocation } from "@remix-run/react";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { BrandMark } from "./brand-mark";
import { UNREAD_CAP } from "~/notifications/kinds";

// Getting around: on a phone a compact header and a bottom tab bar (Forest, Projects, Friends,
// Shop, Me); on a desktop the same places in the top bar. Operators' pages add their own menu.

type NavUser = { role: string } | null;

const icon = (path: ReactNode) => (
  <svg viewBox="0 0 24 24" width="24" height="24" aria-hidden="true" focusable="false" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" strokeLinejoin="round">
    {path}
  </svg>
);

const ICONS = {
  forest: icon(
    <>
      <path d="M12 21v-5" />
      <path d="M12 3c3.5 2.5 5.5 5.5 5.5 8.5a5.5 5.5 0 0 1-11 0C6.5 8.5 8.5 5.5 12 3z" />
    </>,
  ),
  projects: icon(
    <>
      <path d="M12 21s-6-5.2-6-10a6 6 0 0 1 12 0c0 4.8-6 10-6 10z" />
      <circle cx="12" cy="11" r="2.2" />
    </>,
  ),
  friends: icon(
    <>
      <circle cx="9" cy="8" r="3" />
      <path d="M3.5 19c.6-3 2.8-5 5.5-5s4.9 2 5.5 5" />
      <circle cx="17" cy="9" r="2.4" />
      <path d="M16 14.2c2.3.1 4 1.8 4.5 4.3" />
    </>,
  ),
  shop: icon(
    <>
      <path d="M5 8h14l-1.2 11.2a1.5 1.5 0 0 1-1.5 1.3H7.7a1.5 1.5 0 0 1-1.5-1.3z" />
      <path d="M9 8V6.5a3 3 0 0 1 6 0V8" />
    </>,
  ),
  me: icon(
    <>
      <circle cx="12" cy="8" r="3.5" />
      <path d="M5 20c.8-3.6 3.6-6 7-6s6.2 2.4 7 6" />
    </>,
  ),
};

const TABS = [
  { to: "/forest", key: "forest" },
  { to: "/projects", key: "projects" },
  { to: "/friends", key: "friends" },
  { to: "/shop", key: "shop" },
  { to: "/me", key: "me" },
] as const;

function LanguageSwitcher({ locale }: { locale: string }) {
  const { t } = useTranslation();
  const location = useLocation();
  const other = locale === "zh" ? "en" : "zh";
  return (
    <Form method="post" action="/resources/language" className="lang-switch">
      <input type="hidden" name="redirectTo" value={location.pathname + location.search} />
      <button type="submit" name="lng" value={other} data-testid="language-switch">
        <span className="visually-hidden">{t("nav.language")}: </span>
        <span lang={other}>{other === "en" ? "English" : "中文"}</span>
      </button>
    </Form>
  );
}

/** The top bar: the brand, the main places (desktop), the language, and for visitors a way in. */
export function Header({ user, locale, unread }: { user: NavUser; locale: string; unread: number }) {
  const { t } = useTranslation();
  return (
    <header className="site-header">
      <Link to="/" className="brand">
        <BrandMark /> {t("app.name")}
      </Link>
      <nav className="top-nav" aria-label={t("nav.main")}>
        {user ? (
          TABS.map((tab) => (
            <NavLink key={tab.key} to={tab.to}>
              {t(`nav.tab.${tab.key}`)}
            </NavLink>
          ))
        ) : (
          <>
            <NavLink to="/projects">{t("nav.projects")}</NavLink>
            <NavLink to="/shop">{t("nav.shop")}</NavLink>
            <NavLink to="/impact">{t("nav.impact")}</NavLink>
            <NavLink to="/transparency">{t("nav.transparency")}</NavLink>
          </>
        )}
        {user?.role === "OPERATOR" ? <NavLink to="/ops">{t("nav.ops")}</NavLink> : null}
      </nav>
      <div className="header-end">
        {user ? <NotificationsLink unread={unread} /> : null}
        {user ? null : (
          <>
            <NavLink to="/login" className="header-login">
              {t("nav.login")}
            </NavLink>
            <NavLink to="/signup" className="button header-signup">
              {t("nav.signup")}
            </NavLink>
          </>
        )}
        <LanguageSwitcher locale={locale} />
      </div>
    </header>
  );
}

/** The bottom tab bar of phones: five places, each a 44 px target with an icon and a label. */
export function TabBar({ user }: { user: NavUser }) {
  const { t } = useTranslation();
  return (
    <nav className="tab-bar" aria-label={t("nav.tabs")} data-testid="tab-bar">
      {TABS.map((tab) => (
        <NavLink key={tab.key} to={user || tab.key === "projects" || tab.key === "shop" ? tab.to : `/login?redirectTo=${tab.to}`} className="tab" data-tab={tab.key}>
          {ICONS[tab.key]}
          <span>{t(`nav.tab.${tab.key}`)}</span>
        </NavLink>
      ))}
    </nav>
  );
}

const OPS_LINKS = [
  ["/ops", "nav.ops"],
  ["/ops/projects", "nav.opsLinks.projects"],
  ["/ops/households", "nav.opsLinks.households"],
  ["/ops/payouts", "nav.opsLinks.payouts"],
  ["/ops/fund", "nav.opsLinks.fund"],
  ["/ops/receipts", "nav.opsLinks.receipts"],
  ["/ops/reconciliation", "nav.opsLinks.reconciliation"],
  ["/ops/products", "nav.opsLinks.products"],
  ["/ops/orders", "nav.opsLinks.orders"],
  ["/ops/redemptions", "nav.opsLinks.redemptions"],
  ["/ops/energy", "nav.opsLinks.energy"],
  ["/ops/partners", "nav.opsLinks.partners"],
  ["/ops/audit", "nav.opsLinks.audit"],
] as const;

/** The operations console's own menu, on its pages only. */
export function OpsMenu() {
  const { t } = useTranslation();
  return (
    <nav className="ops-menu" aria-label={t("nav.opsMenu")}>
      {OPS_LINKS.map(([to, key]) => (
        <NavLink key={to} to={to} end={to === "/ops"}>
          {t(key)}
        </NavLink>
      ))}
      <a href="/ops/queues">{t("nav.opsLinks.queues")}</a>
    </nav>
  );
}

/** The bell: the notification centre, with how many are unread ("99+" past UNREAD_CAP). */
function NotificationsLink({ unread }: { unread: number }) {
  const { t } = useTranslation();
  const label = unread > 0 ? `${t("nav.notifications")}, ${t("nav.unread", { count: unread })}` : t("nav.notifications");
  return (
    <NavLink to="/notifications" className="bell" aria-label={label} title={label} data-testid="bell">
      {icon(
        <>
          <path d="M6 16V11a6 6 0 0 1 12 0v5l1.5 2h-15z" />
          <path d="M10 20a2 2 0 0 0 4 0" />
        </>,
      )}
      {unread > 0 ? (
        <span className="bell-count" data-testid="unread-count">
          {unread > UNREAD_CAP ? `${UNREAD_CAP}+` : unread}
        </span>
      ) : null}
    </NavLink>
  );
}
