import { clientsClaim } from "workbox-core";
import { ExpirationPlugin } from "workbox-expiration";
import { registerRoute } from "workbox-routing";
import { CacheFirst, NetworkFirst, StaleWhileRevalidate } from "workbox-strategies";

// The service worker (docs/decisions/032-offline-app.md), bundled by `npm run build` into
// public/build/sw.js and served at /sw.js. Online, pages come from the network as always; what a
// guardian has opened (My plots, plot pages, certificates, project pages and their maps) is kept,
// and comes from the cache only when the network fails (no timeout: a slow server is waited for,
// never answered for by an older copy). Of operators' pages only the evidence form is kept (its
// records queue on the device offline); a signed-out page asks for the private caches to be emptied.

type Worker = {
  addEventListener(type: "message", listener: (event: { data: unknown; waitUntil(p: Promise<unknown>): void }) => void): void;
  addEventListener(type: "install", listener: () => void): void;
  skipWaiting(): Promise<void>;
  location: Location;
};
declare const self: Worker;

const PAGES = "sapling-pages"; // private: the signed-in guardian's pages and data
const PHOTOS = "sapling-photos"; // private: evidence and visit thumbnails
const MAPS = "sapling-maps";
const ASSETS = "sapling-assets";

/**
 * Pages readable offline, as documents and as Remix's single-fetch data (`<path>.data`): the
 * guardian's, and the one operators' page a ranger needs in the field (recording evidence).
 */
const KEPT_PAGES = /^\/(plots(\/[A-Z0-9]+-\d+)?|certificates\/[A-Z0-9-]+|projects\/[a-z0-9-]+|ops\/projects\/[a-z0-9]+\/evidence)?(\.data|\/_root\.data|_root\.data)?$/;

const sameOrigin = (url: URL) => url.origin === self.location.origin;

registerRoute(({ url }) => sameOrigin(url) && url.pathname.startsWith("/build/"), new CacheFirst({ cacheName: ASSETS, plugins: [new ExpirationPlugin({ maxEntries: 300 })] }));
registerRoute(({ url }) => sameOrigin(url) && (url.pathname.startsWith("/vendor/") || url.pathname.startsWith("/locales/") || url.pathname.startsWith("/icons/")), new StaleWhileRevalidate({ cacheName: ASSETS }));
// Remix's route discovery, so that links between kept pages work offline too.
registerRoute(({ url }) => sameOrigin(url) && url.pathname === "/__manifest", new NetworkFirst({ cacheName: ASSETS }));
registerRoute(({ url }) => sameOrigin(url) && /^\/projects\/[a-z0-9-]+\/map\.geojson$/.test(url.pathname), new NetworkFirst({ cacheName: MAPS }));
registerRoute(({ url }) => sameOrigin(url) && /^\/photos\/[^/]+$/.test(url.pathname) && url.searchParams.get("size") === "thumb", new CacheFirst({ cacheName: PHOTOS, plugins: [new ExpirationPlugin({ maxEntries: 500 })] }));
registerRoute(({ url, request }) => sameOrigin(url) && request.method === "GET" && KEPT_PAGES.test(url.pathname), new NetworkFirst({ cacheName: PAGES }));

/** Which cache a URL the page asks to keep belongs in (the same rules as the routes above). */
function cacheFor(url: URL): string | null {
  if (!sameOrigin(url)) return null;
  if (url.pathname.startsWith("/build/") || url.pathname.startsWith("/vendor/") || url.pathname.startsWith("/locales/")) return ASSETS;
  if (/^\/projects\/[a-z0-9-]+\/map\.geojson$/.test(url.pathname)) return MAPS;
  if (/^\/photos\/[^/]+$/.test(url.pathname) && url.searchParams.get("size") === "thumb") return PHOTOS;
  if (KEPT_PAGES.test(url.pathname)) return PAGES;
  return null;
}

self.addEventListener("message", (event) => {
  const data = event.data as { type?: string; urls?: string[] } | null;
  // A page loaded before this worker controlled it: its files, fetched then, are kept now.
  if (data?.type === "KEEP" && Array.isArray(data.urls)) {
    event.waitUntil(
      Promise.all(
        data.urls.slice(0, 200).map(async (href) => {
          const url = new URL(href, self.location.origin);
          const name = cacheFor(url);
          if (!name) return;
          const cache = await caches.open(name);
          // A page is fetched again (it changes); a file under /build never does.
          if (name === PAGES || !(await cache.match(url.href))) await cache.add(url.href).catch(() => undefined);
        }),
      ),
    );
  }
  // Signed out: nobody else on this device reads the guardian's pages or photos.
  if (data?.type === "FORGET") event.waitUntil(Promise.all([caches.delete(PAGES), caches.delete(PHOTOS)]));
});

self.addEventListener("install", () => void self.skipWaiting());
clientsClaim();
