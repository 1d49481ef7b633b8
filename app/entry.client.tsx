import { RemixBrowser } from "@remix-run/react";
import i18next from "i18next";
import Backend from "i18next-http-backend";
import { startTransition, StrictMode } from "react";
import { hydrateRoot } from "react-dom/client";
import { I18nextProvider, initReactI18next } from "react-i18next";
import { i18nConfig } from "./i18n/config";
import { MESSAGES_SCRIPT_ID, type PageMessages } from "./i18n/route-namespaces";

async function hydrate() {
  // The page came with the messages its routes use, in its language only; other sections are
  // fetched when a page that needs them is visited (the root asks for them, see root.tsx).
  const { lng, bundles } = JSON.parse(document.getElementById(MESSAGES_SCRIPT_ID)?.textContent ?? "{}") as PageMessages;
  const version = (window as unknown as { __remixManifest?: { version?: string } }).__remixManifest?.version ?? "dev";
  await i18next
    .use(initReactI18next)
    .use(Backend)
    .init({
      ...i18nConfig,
      lng: lng ?? document.documentElement.lang ?? i18nConfig.fallbackLng,
      ns: Object.keys(bundles ?? {}),
      resources: lng ? { [lng]: bundles } : undefined,
      partialBundledLanguages: true,
      // Every message exists in both languages (tests/unit/message-sections.test.ts): never fetch
      // the other language as a fallback.
      fallbackLng: false,
      load: "currentOnly",
      backend: { loadPath: `/locales/{{lng}}/{{ns}}.json?v=${version}` },
    });
  startTransition(() => {
    hydrateRoot(
      document,
      <I18nextProvider i18n={i18next}>
        <StrictMode>
          <RemixBrowser />
        </StrictMode>
      </I18nextProvider>,
    );
  });
}

void hydrate();
