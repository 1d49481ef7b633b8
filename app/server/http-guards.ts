import type { NextFunction, Request, RequestHandler, Response } from "express";
import { databaseDown, requestOutage, RETRY_AFTER_SECONDS } from "~/utils/outage.server";
import { clientIp, consume, RateLimited, RULES } from "~/utils/rate-limit.server";

// Express-level protections that every route gets before Remix sees the request: a bounded body,
// a connection that stays usable whatever the handler reads, and 503 (not 500) while the database
// cannot be reached.

const MB = 1_000_000;
/** The largest body each kind of request may send: uploads (photos, boundaries, CSV files) are the big ones. */
export const BODY_LIMITS = { multipart: 40 * MB, other: 1 * MB } as const;
/**
 * An answer given before the body was read (a refusal, a redirect) reads the rest and drops it, so
 * the client, still sending, sees the answer and the connection serves the next request. Past this
 * many bytes it is not worth reading: the connection is closed instead.
 */
const DRAIN_AT_MOST = 64 * MB;

function drainOrClose(req: Request, res: Response) {
  const length = Number(req.headers["content-length"]);
  if (!Number.isFinite(length) || length > DRAIN_AT_MOST) res.setHeader("Connection", "close");
}

const limitFor = (req: Request) => (/^multipart\/form-data/i.test(req.headers["content-type"] ?? "") ? BODY_LIMITS.multipart : BODY_LIMITS.other);

const wantsJson = (req: Request) => req.path.startsWith("/api/") || req.path.startsWith("/webhooks/") || /json/i.test(req.headers.accept ?? "");

/** A short answer of our own, before any route runs: JSON for the API, a small page for people. */
function answer(req: Request, res: Response, status: number, code: string, message: { en: string; zh: string }) {
  if (wantsJson(req)) {
    res.status(status).json({ error: { code, message: message.en } });
    return;
  }
  res
    .status(status)
    .type("html")
    .send(
      `<!DOCTYPE html><html lang="zh"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">` +
        `<title>Sapling</title><style>body{font:16px/1.5 system-ui,sans-serif;max-width:34rem;margin:3rem auto;padding:0 1rem;color:#1f2a1f}h1{color:#2f7d32;font-size:1.4rem}</style></head>` +
        `<body><h1>${message.zh}</h1><p>${message.en}</p><p><a href="/">Sapling · 树苗</a></p></body></html>`,
    );
}

/**
 * Bodies larger than their route's kind allows are refused with 413 before a byte is parsed; a body
 * of unknown length (chunked) with 411, since its size could only be known by reading it all. (What
 * the client still sends after the answer is dropped by cleanConnections.)
 */
export function bodyLimits(): RequestHandler {
  return (req, res, next) => {
    const length = req.headers["content-length"];
    if (length === undefined && req.headers["transfer-encoding"] === undefined) return next();
    if (length === undefined) {
      return answer(req, res, 411, "length_required", { zh: "请求需要注明长度", en: "Send the body with a Content-Length header." });
    }
    const limit = limitFor(req);
    if (Number(length) > limit) {
      const mb = limit / MB;
      return answer(req, res, 413, "body_too_large", {
        zh: `内容太大：最多 ${mb} MB`,
        en: `The request is larger than ${mb} MB, the most this page or endpoint accepts. Send less at once (smaller photos, a shorter file).`,
      });
    }
    next();
  };
}

/** How long to wait, in words people read: "40 s" / "3 min", in both languages. */
function waitWords(seconds: number) {
  return seconds <= 45 ? { zh: `${seconds} 秒`, en: `${seconds} seconds` } : { zh: `${Math.ceil(seconds / 60)} 分钟`, en: `${Math.ceil(seconds / 60)} minutes` };
}

/**
 * One client address may make RATE_LIMIT_PER_MINUTE requests a minute, pages and API together
 * (counted where every web process sees it: utils/rate-limit.server.ts); past that, 429 with
 * Retry-After. Not counted: /healthz (load balancers ask it constantly), and partners' reports and
 * Stripe's webhooks, which come from a few addresses at high rates and have limits of their own
 * (per partner key, per webhook sender). Files were served before this runs.
 */
const OWN_LIMITS = /^\/(healthz$|webhooks\/|api\/v1\/partner\/)/;

export function requestCeiling(): RequestHandler {
  return (req, res, next) => {
    if (OWN_LIMITS.test(req.path)) return next();
    consume(RULES.general(), clientIp()).then(
      () => next(),
      (error: unknown) => {
        // A store that cannot be reached (PostgreSQL down: availability() answers 503 next) lets it through.
        if (!(error instanceof RateLimited)) return next();
        res.setHeader("Retry-After", String(error.retryAfterSeconds));
        const wait = waitWords(error.retryAfterSeconds);
        answer(req, res, 429, "rate_limited", {
          zh: `请求太频繁，请 ${wait.zh}后再试`,
          en: `Too many requests from your connection. Wait ${wait.en} and try again.`,
        });
      },
    );
  };
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * A write that carries our session cookie must come from our own pages. SameSite=Lax keeps the
 * cookie off cross-site form posts, but not off requests from a sibling subdomain (same site,
 * other origin), nor off every old browser; so such a write is also refused when the browser says
 * it came from elsewhere: Sec-Fetch-Site cross-site or same-site, or an Origin that is not ours
 * (this host, or PUBLIC_URL behind a proxy). Bearer-token calls carry no cookie and are not
 * affected: a page elsewhere cannot make a browser send a token it does not hold. This is why
 * there is no CSRF token (docs/decisions/008-no-csrf-token.md).
 */
export function sameOriginWrites(publicUrl?: string): RequestHandler {
  const publicHost = publicUrl ? new URL(publicUrl).host : undefined;
  return (req, res, next) => {
    if (SAFE_METHODS.has(req.method) || !/(?:^|;\s*)sapling_session=/.test(req.headers.cookie ?? "")) return next();
    const site = req.headers["sec-fetch-site"];
    const origin = req.headers.origin;
    let foreign = site === "cross-site" || site === "same-site";
    if (!foreign && origin !== undefined) {
      try {
        const host = new URL(origin).host;
        foreign = host !== req.headers.host && host !== publicHost;
      } catch {
        foreign = true; // "null" (a sandboxed frame, a file) or garbage
      }
    }
    if (!foreign) return next();
    return answer(req, res, 403, "cross_origin", {
      zh: "此操作只能在树苗自己的页面上进行",
      en: "This can only be done from Sapling's own pages: the request came from another site.",
    });
  };
}

/**
 * A URL whose path or query holds a NUL (which PostgreSQL cannot store or compare in text) or a
 * percent-encoding that is not UTF-8 names nothing we serve: 400 before any route reads it.
 */
export function readableUrls(): RequestHandler {
  return (req, res, next) => {
    let readable = !/%00/i.test(req.originalUrl);
    try {
      if (readable) decodeURIComponent(req.originalUrl.replace(/\+/g, " "));
    } catch {
      readable = false;
    }
    if (readable) return next();
    answer(req, res, 400, "unreadable_url", { zh: "无法读取此网址", en: "This address cannot be read: it holds a NUL character or a broken percent-encoding." });
  };
}

/**
 * A handler that answers before reading the whole body (a refusal, a redirect) must not leave the
 * rest of it unread on a kept-alive connection, where the next request would wait behind it: what
 * is left is read and dropped (or, past DRAIN_AT_MOST or of unknown length, the connection closes).
 */
export function cleanConnections(): RequestHandler {
  return (req, res, next) => {
    const writeHead = res.writeHead;
    res.writeHead = function (this: Response, ...args: Parameters<Response["writeHead"]>) {
      if (!req.complete && !res.headersSent) drainOrClose(req, res);
      return writeHead.apply(this, args);
    } as Response["writeHead"];
    res.on("finish", () => {
      if (req.complete) return;
      // Whoever was handed the body and left it (Remix's request stream) would pause it again.
      req.removeAllListeners("data");
      req.resume();
    });
    next();
  };
}

const UNAVAILABLE = {
  zh: "暂时无法访问，请稍后再试",
  en: `Sapling is briefly unavailable: its database cannot be reached right now. Nothing you sent was lost; try again in ${RETRY_AFTER_SECONDS} seconds.`,
};

/**
 * While the database is down, every request but static files and /healthz gets 503 at once. A
 * request that met an outage itself (marked by `noteFailure`) gets the same 503 instead of the
 * error it would have had: the page for people, JSON for the API, only the status for Remix's
 * data requests (their client shows its own error view).
 */
export function availability(): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    if (req.path === "/healthz") return next();
    res.setHeader("Retry-After", String(RETRY_AFTER_SECONDS));
    if (databaseDown()) return answer(req, res, 503, "unavailable", UNAVAILABLE);
    res.removeHeader("Retry-After");
    const store = { outage: false };
    answerOutagesWith503(req, res, store);
    requestOutage.run(store, next);
  };
}

function answerOutagesWith503(req: Request, res: Response, store: { outage: boolean }) {
  const { writeHead, write, end } = res;
  let decided = false;
  let body: string | null = null;
  // Decided once, when the answer starts to leave: whatever the handler set so far can still change.
  const decide = () => {
    if (decided) return;
    decided = true;
    if (store.outage && res.statusCode >= 500) {
      res.statusCode = 503;
      if (!req.path.endsWith(".data")) {
        body = wantsJson(req)
          ? JSON.stringify({ error: { code: "unavailable", message: UNAVAILABLE.en } })
          : `<!DOCTYPE html><html lang="zh"><head><meta charset="utf-8"><title>Sapling</title></head><body><h1>${UNAVAILABLE.zh}</h1><p>${UNAVAILABLE.en}</p></body></html>`;
        for (const name of res.getHeaderNames()) if (name !== "x-request-id" && name !== "connection") res.removeHeader(name);
        res.setHeader("Content-Type", wantsJson(req) ? "application/json; charset=utf-8" : "text/html; charset=utf-8");
        res.setHeader("Content-Length", Buffer.byteLength(body));
        res.setHeader("Cache-Control", "no-store");
      }
    }
    if (res.statusCode === 503) res.setHeader("Retry-After", String(RETRY_AFTER_SECONDS));
  };
  res.writeHead = function (this: Response, status: number, ...rest: unknown[]) {
    res.statusCode = status;
    decide();
    const call = writeHead as (...args: unknown[]) => Response;
    return body === null ? call.call(this, res.statusCode, ...rest) : call.call(this, res.statusCode);
  } as Response["writeHead"];
  res.write = function (this: Response, ...args: unknown[]) {
    decide();
    if (body === null) return (write as (...a: unknown[]) => boolean).apply(this, args);
    // The failed handler's own output is dropped; its callback still runs, as Node would run it.
    const callback = args.find((arg) => typeof arg === "function") as (() => void) | undefined;
    if (callback) process.nextTick(callback);
    return true;
  } as Response["write"];
  res.end = function (this: Response, ...args: unknown[]) {
    decide();
    if (body === null) return (end as (...a: unknown[]) => Response).apply(this, args);
    const callback = args.find((arg) => typeof arg === "function");
    return (end as (...a: unknown[]) => Response).call(this, body, ...(callback ? [callback] : []));
  } as Response["end"];
}
