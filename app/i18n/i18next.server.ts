import { createCookie } from "@remix-run/node";
import { RemixI18Next } from "remix-i18next/server";
import { i18nConfig } from "./config";
import { serverI18nConfig } from "./resources.server";

export const localeCookie = createCookie("lng", { path: "/", sameSite: "lax", httpOnly: true, maxAge: 365 * 24 * 3600 });

export const i18nServer = new RemixI18Next({
  detection: {
    supportedLanguages: i18nConfig.supportedLngs,
    fallbackLanguage: i18nConfig.fallbackLng,
    cookie: localeCookie,
    // The demo defaults to Chinese; an explicit choice (cookie) or Accept-Language wins.
    order: ["searchParams", "cookie", "header"],
  },
  i18next: { ...serverI18nConfig },
});
