import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import {
  Form,
  isRouteErrorResponse,
  Link,
  Links,
  Meta,
  NavLink,
  Outlet,
  Scripts,
  ScrollRestoration,
  useLocation,
  useNavigation,
  useRouteError,
  useRouteLoaderData,
} from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { useChangeLanguage } from "remix-i18next/react";
import { getUser } from "./auth/session.server";
import { BrandMark } from "./components/brand-mark";
import { i18nServer } from "./i18n/i18next.server";
import stylesUrl from "./styles.css";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: stylesUrl },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export async function loader({ request }: LoaderFunctionArgs) {
  const [user, locale] = await Promise.all([getUser(request), i18nServer.getLocale(request)]);
  return json({ user, locale }, { headers: { Vary: "Accept-Language, Cookie" } });
}

export const handle = { i18n: "common" };

export function useOptionalUser() {
  return useRouteLoaderData<typeof loader>("root")?.user ?? null;
}

function LanguageSwitcher({ locale }: { locale: string }) {
  const { t } = useTranslation();
  const location = useLocation();
  const other = locale === "zh" ? "en" : "zh";
  return (
    <Form method="post" action="/resources/language" className="lang-switch">
      <input type="hidden" name="redirectTo" value={location.pathname + location.search} />
      <button type="submit" name="lng" value={other} aria-label={t("nav.language")} data-testid="language-switch">
        {other === "en" ? "English" : "中文"}
      </button>
    </Form>
  );
}

function Header() {
  const { t } = useTranslation();
  const data = useRouteLoaderData<typeof loader>("root");
  const user = data?.user ?? null;
  return (
    <header className="site-header">
      <Link to="/" className="brand">
        <BrandMark /> {t("app.name")}
      </Link>
      <nav>
        <NavLink to="/projects">{t("nav.projects")}</NavLink>
        <NavLink to="/impact">{t("nav.impact")}</NavLink>
        <NavLink to="/transparency">{t("nav.transparency")}</NavLink>
        <NavLink to="/shop">{t("nav.shop")}</NavLink>
        {user ? (
          <>
            <NavLink to="/forest">{t("nav.forest")}</NavLink>
            <NavLink to="/friends">{t("nav.friends")}</NavLink>
            <NavLink to="/teams">{t("nav.teams")}</NavLink>
            <NavLink to="/plots">{t("nav.plots")}</NavLink>
            <NavLink to="/cart">{t("nav.cart")}</NavLink>
            <NavLink to="/orders">{t("nav.orders")}</NavLink>
            {user.role === "OPERATOR" ? <NavLink to="/ops">{t("nav.ops")}</NavLink> : null}
            <Form method="post" action="/logout" className="inline">
              <button type="submit" className="link-button">
                {t("nav.logout")}
              </button>
            </Form>
          </>
        ) : (
          <>
            <NavLink to="/login">{t("nav.login")}</NavLink>
            <NavLink to="/signup">{t("nav.signup")}</NavLink>
          </>
        )}
      </nav>
      <LanguageSwitcher locale={data?.locale ?? "zh"} />
    </header>
  );
}

function ProgressBar() {
  const navigation = useNavigation();
  return navigation.state === "idle" ? null : <div className="progress" role="progressbar" aria-busy="true" />;
}

export function Layout({ children }: { children: React.ReactNode }) {
  const data = useRouteLoaderData<typeof loader>("root");
  const locale = data?.locale ?? "zh";
  return (
    <html lang={locale} dir="ltr">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        <ProgressBar />
        <Header />
        <main>{children}</main>
        <ScrollRestoration />
        <Scripts />
      </body>
    </html>
  );
}

export default function App() {
  // The browser's i18next instance follows the locale the server chose (switcher, cookie, header).
  useChangeLanguage(useRouteLoaderData<typeof loader>("root")?.locale ?? "zh");
  return <Outlet />;
}

export function ErrorBoundary() {
  const error = useRouteError();
  const { t } = useTranslation();
  if (isRouteErrorResponse(error) && (error.status === 403 || error.status === 404)) {
    const key = error.status === 403 ? "forbidden" : "notFound";
    return (
      <section className="error" data-status={error.status}>
        <h1>{t(`errors.${key}Title`)}</h1>
        <p>{t(`errors.${key}`)}</p>
      </section>
    );
  }
  return (
    <section className="error" data-status="500">
      <h1>{t("errors.generic")}</h1>
    </section>
  );
}
