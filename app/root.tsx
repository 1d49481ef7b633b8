import { type LinksFunction, type LoaderFunctionArgs, json } from "@remix-run/node";
import {
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useLocation,
  useNavigation,
  useRouteLoaderData,
} from "@remix-run/react";
import { useEffect } from "react";
import { useTranslation } from "react-i18next";
import { useChangeLanguage } from "remix-i18next/react";
import { getUser } from "./auth/session.server";
import { demoTotpFor } from "./auth/demo-totp.server";
import { demoMode } from "./energy/demo-actions.server";
import { GeneralErrorBoundary } from "./components/error-boundary";
import { Header, OpsMenu, TabBar } from "./components/site-nav";
import { ShowToast } from "./components/toaster";
import { i18nServer } from "./i18n/i18next.server";
import { unreadCount } from "./notifications/centre.server";
import { MESSAGES_SCRIPT_ID, pageMessagesJson, useRouteNamespaces } from "./i18n/route-namespaces";
import { useNonce } from "./utils/nonce";
import { env } from "./utils/env.server";
import { getToast } from "./utils/toast.server";
import { useOfflineCopies } from "./utils/offline";
import stylesUrl from "./styles.css";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: stylesUrl },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
  { rel: "manifest", href: "/manifest.webmanifest" },
  { rel: "apple-touch-icon", href: "/icons/sapling-192.png" },
];

export async function loader({ request }: LoaderFunctionArgs) {
  const [user, locale, { toast, headers: toastHeaders }] = await Promise.all([getUser(request), i18nServer.getLocale(request), getToast(request)]);
  const headers = new Headers({ Vary: "Accept-Language, Cookie" });
  if (toastHeaders) for (const [name, value] of toastHeaders) headers.append(name, value);
  // The demo's operators may read their authenticator code off the page (DEMO_MODE only).
  const [demoTotp, unread] = await Promise.all([
    user?.role === "OPERATOR" && demoMode() ? demoTotpFor(user.id) : null,
    user ? unreadCount(user.id) : 0,
  ]);
  const shown = user && { id: user.id, email: user.email, displayName: user.displayName, role: user.role, stepUpUntil: user.stepUpUntil };
  return json({ user: shown, locale, toast, demoTotp, unread, mapStyleUrl: env().MAP_STYLE_URL ?? null }, { headers });
}

export const handle = { i18n: "common" };

/** The base map under interactive maps (MAP_STYLE_URL), or null for the plain style shipped with the app. */
export function useMapStyleUrl(): string | null {
  return useRouteLoaderData<typeof loader>("root")?.mapStyleUrl ?? null;
}

export function useOptionalUser() {
  return useRouteLoaderData<typeof loader>("root")?.user ?? null;
}

function ProgressBar() {
  const navigation = useNavigation();
  return navigation.state === "idle" ? null : <div className="progress" role="progressbar" aria-busy="true" />;
}

export function Layout({ children }: { children: React.ReactNode }) {
  const data = useRouteLoaderData<typeof loader>("root");
  const location = useLocation();
  const locale = data?.locale ?? "zh";
  const nonce = useNonce();
  return (
    <html lang={locale} dir="ltr">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="theme-color" content="#2f7d32" />
        <Meta />
        <Links />
      </head>
      <body>
        <ProgressBar />
        <Header user={data?.user ?? null} locale={locale} unread={data?.unread ?? 0} />
        {location.pathname.startsWith("/ops") && data?.user?.role === "OPERATOR" ? <OpsMenu /> : null}
        <main>{children}</main>
        <TabBar user={data?.user ?? null} />
        <ShowToast toast={data?.toast ?? null} />
        <PageMessages />
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

/**
 * The messages this page's routes use, in its language only, for the browser to start with
 * (entry.client.tsx): not both languages whole.
 */
function PageMessages() {
  const { i18n } = useTranslation();
  const namespaces = useRouteNamespaces();
  const lng = i18n.language;
  const html = pageMessagesJson(lng, namespaces, () =>
    Object.fromEntries(namespaces.filter((ns) => i18n.hasResourceBundle(lng, ns)).map((ns) => [ns, i18n.getResourceBundle(lng, ns)])),
  );
  return <script id={MESSAGES_SCRIPT_ID} type="application/json" suppressHydrationWarning dangerouslySetInnerHTML={{ __html: html }} />;
}

export default function App() {
  // A page that needs sections the browser has not got yet waits for them (navigations are
  // transitions, so the page before stays until they are here).
  useTranslation(useRouteNamespaces());
  // The browser's i18next instance follows the locale the server chose (switcher, cookie, header).
  useChangeLanguage(useRouteLoaderData<typeof loader>("root")?.locale ?? "zh");
  // Marks the page as running (tests wait for it before typing: a field typed into before
  // hydration can be re-rendered by its form library).
  useEffect(() => {
    document.documentElement.dataset.hydrated = "true";
  }, []);
  useOfflineCopies(useRouteLoaderData<typeof loader>("root")?.user ?? null);
  return <Outlet />;
}

export const ErrorBoundary = GeneralErrorBoundary;
