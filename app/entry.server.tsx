import { Writable } from "node:stream";
import type { AppLoadContext, EntryContext } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { createInstance } from "i18next";
import { renderToPipeableStream } from "react-dom/server";
import { I18nextProvider, initReactI18next } from "react-i18next";
import { serverI18nConfig } from "./i18n/resources.server";
import { i18nServer } from "./i18n/i18next.server";
import { logger } from "./utils/logger.server";
import { NonceProvider } from "./utils/nonce";
import { noteFailure } from "./utils/outage.server";
import { singleton } from "./utils/singleton.server";

const ABORT_DELAY = 5_000;

const baseI18n = () =>
  singleton("i18n-base", () => {
    const instance = createInstance();
    // Every resource is in memory, so init completes synchronously.
    void instance.use(initReactI18next).init({ ...serverI18nConfig, initImmediate: false });
    return instance;
  });

export default async function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const nonce = loadContext.cspNonce;
  const lng = await i18nServer.getLocale(request);
  // A clone shares the one loaded resource store: building the store again for every page was a
  // measurable part of rendering one.
  const instance = baseI18n().cloneInstance({ lng });

  return new Promise<Response>((resolve, reject) => {
    let shellRendered = false;
    // Rendering stops after ABORT_DELAY whatever it waits for (abort is defined just below).
    const timer = setTimeout(() => abort(), ABORT_DELAY);
    const { pipe, abort } = renderToPipeableStream(
      <NonceProvider value={nonce}>
        <I18nextProvider i18n={instance}>
          <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />
        </I18nextProvider>
      </NonceProvider>,
      {
        nonce,
        // No page defers data (nothing waits behind a Suspense boundary), so nothing is gained by
        // streaming: the whole page is sent as one buffer, in one write, instead of React's many
        // small chunks each passed through a web stream and written to the socket on its own.
        onAllReady() {
          shellRendered = true;
          const chunks: Buffer[] = [];
          const body = new Writable({
            write(chunk: Buffer, _encoding, done) {
              chunks.push(chunk);
              done();
            },
            final(done) {
              responseHeaders.set("Content-Type", "text/html; charset=utf-8");
              clearTimeout(timer);
              resolve(new Response(Buffer.concat(chunks), { headers: responseHeaders, status: responseStatusCode }));
              done();
            },
          });
          pipe(body);
        },
        onShellError(error: unknown) {
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          if (shellRendered) logger.error({ err: error, url: request.url }, "render failed");
        },
      },
    );
  });
}

export function handleError(error: unknown, { request }: { request: Request }) {
  // Aborted requests and unknown URLs (404) are not faults of ours.
  if (request.signal.aborted || (error as { status?: number } | null)?.status === 404) return;
  // A database or queue that cannot be reached: the web server answers this request with 503.
  if (noteFailure(error)) return logger.warn({ err: error, method: request.method, url: request.url }, "request met an outage");
  logger.error({ err: error, method: request.method, url: request.url }, "unhandled error while serving");
}

// The JSON API, served by app/server/web.ts without Remix's page routing (see api/dispatch.server.ts).
export { handleApiRequest } from "./api/dispatch.server";
