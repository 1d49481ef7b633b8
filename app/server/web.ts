import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import express from "express";
import { randomUUID } from "node:crypto";
import { readdirSync } from "node:fs";
import type { Server } from "node:http";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { env, requireWebEnv } from "~/utils/env.server";
import { logContext, logger } from "~/utils/logger.server";
import { runMain } from "./lifecycle";
import { availability, bodyLimits, cleanConnections, readableUrls, requestCeiling, sameOriginWrites } from "./http-guards";
import { apiFront } from "./api-front";
import { publicPageCache } from "./page-cache";
import { nonceOf, securityHeaders } from "./security-headers";
import { mountQueueBoard } from "./queue-board";

// What anyone may see without signing in, the same for all who ask in one language.
const PUBLIC_PAGES = /^\/(impact|transparency(\/[^/]+){0,2}|projects\/[^/]+|certificates\/[^/]+)?$/;

/** TRUST_PROXY as Express takes it: a number of hops, or names and addresses ("loopback", "10.0.0.0/8"). */
function trustProxySetting(value: string): number | string {
  return /^\d+$/.test(value) ? Number(value) : value;
}

export async function startWeb(options: { port?: number; host?: string } = {}) {
  requireWebEnv();
  const build = (await import(pathToFileURL(path.resolve("build/index.js")).href)) as ServerBuild;
  const app = express();
  app.disable("x-powered-by");
  // Behind a proxy, the client's address is in X-Forwarded-For, believed only from TRUST_PROXY.
  if (env().TRUST_PROXY) app.set("trust proxy", trustProxySetting(env().TRUST_PROXY!));
  const mapStyle = env().MAP_STYLE_URL;
  app.use(securityHeaders({ https: env().COOKIE_SECURE, mapOrigin: mapStyle ? new URL(mapStyle).origin : undefined }));
  app.use("/build", express.static("public/build", { immutable: true, maxAge: "1y" }));
  // Only the paths under public/'s own entries look at the disk: a page request would otherwise
  // cost a failed stat of the file system before reaching Remix.
  // MapLibre's worker, next to which its bundled code cannot find it (components/live-map.tsx).
  const mapWorker = fileURLToPath(import.meta.resolve("maplibre-gl/dist/maplibre-gl-worker.mjs"));
  app.get("/vendor/maplibre-gl-worker.mjs", (_req, res) => res.sendFile(mapWorker, { maxAge: "1d" }));
  // The service worker (app/sw) at the root, so its scope is the whole site; always revalidated.
  app.get("/sw.js", (_req, res) => res.sendFile(path.resolve("public/build/sw.js"), { headers: { "Cache-Control": "no-cache" } }));
  const publicEntries = new Set(readdirSync("public").filter((name) => name !== "build"));
  const publicFiles = express.static("public", { maxAge: "1h" });
  app.use((req, res, next) => (publicEntries.has(req.path.split("/")[1]!) ? publicFiles(req, res, next) : next()));

  app.use((req, res, next) => {
    const incoming = req.get("x-request-id");
    const requestId = incoming && /^[\w.-]{1,100}$/.test(incoming) ? incoming : randomUUID();
    res.setHeader("X-Request-Id", requestId);
    const started = process.hrtime.bigint();
    res.on("finish", () => {
      logContext.run({ requestId }, () =>
        logger.info(
          { method: req.method, path: req.path, status: res.statusCode, ms: Number(process.hrtime.bigint() - started) / 1e6 },
          "request",
        ),
      );
    });
    logContext.run({ requestId, ip: req.ip ?? "unknown" }, next);
  });

  app.use(cleanConnections());
  app.use(requestCeiling());
  app.use(bodyLimits());
  app.use(readableUrls());
  app.use(sameOriginWrites(env().PUBLIC_URL));
  app.use(availability());
  mountQueueBoard(app);
  app.all(/^\/(api(\/|$)|healthz$)/, apiFront(build));
  app.use(publicPageCache({ ttlMs: env().PAGE_CACHE_MS, paths: PUBLIC_PAGES }));
  app.all("*", createRequestHandler({ build, mode: "production", getLoadContext: (_req, res) => ({ cspNonce: nonceOf(res) }) }));

  const port = options.port ?? env().PORT;
  const host = options.host ?? env().HOST;
  const server = await new Promise<Server>((resolve, reject) => {
    const listening = app.listen(port, host, () => resolve(listening));
    listening.on("error", reject);
  });
  const address = server.address();
  const boundPort = typeof address === "object" && address ? address.port : port;
  logger.info({ port: boundPort }, "web listening");

  return {
    port: boundPort,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      }),
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  process.env.SAPLING_SERVICE ??= "web";
  runMain(async (onStop) => {
    onStop(async () => (await import("~/db/client.server")).closeDatabase());
    const web = await startWeb();
    onStop(web.close);
  });
}
