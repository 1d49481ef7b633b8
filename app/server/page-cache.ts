import type { RequestHandler } from "express";
import { nonceOf } from "./security-headers";

// Public pages seen by people who are not signed in (a campaign sends thousands to one project page
// at once) are the same for everyone who asks in the same language: each is rendered at most once
// per `ttlMs` and served from memory meanwhile, as a reverse proxy's micro-cache would. Only
// anonymous GETs (no cookie, no Authorization: nothing personal can be in the page), only 200
// answers that set no cookie, keyed by the whole URL and Accept-Language. Pages may be up to
// `ttlMs` old; everything signed in, every form post and every API call is untouched.
// A page carries its response's CSP nonce: a kept page is served with the nonce of the request it
// answers (the header is this request's own; the old nonce in the body is replaced), so no two
// answers share one (docs/decisions/017-security-headers.md).

type Kept = { expires: number; status: number; headers: Record<string, string | string[] | number | undefined>; body: Buffer; nonce: string };

function withNonce(body: Buffer, kept: string, nonce: string): Buffer {
  const parts: Buffer[] = [];
  const fresh = Buffer.from(nonce);
  let from = 0;
  for (let at = body.indexOf(kept, from); at !== -1; at = body.indexOf(kept, from)) {
    parts.push(body.subarray(from, at), fresh);
    from = at + kept.length;
  }
  parts.push(body.subarray(from));
  return Buffer.concat(parts);
}

export function publicPageCache(options: { ttlMs: number; paths: RegExp; max?: number }): RequestHandler {
  const kept = new Map<string, Kept>();
  const max = options.max ?? 500;
  return (req, res, next) => {
    if (options.ttlMs <= 0 || (req.method !== "GET" && req.method !== "HEAD") || !options.paths.test(req.path)) return next();
    if (req.headers.cookie || req.headers.authorization) return next();
    const key = `${req.originalUrl}\n${req.headers["accept-language"] ?? ""}`;
    const hit = kept.get(key);
    if (hit && hit.expires > Date.now()) {
      res.writeHead(hit.status, { ...hit.headers, "x-page-cache": "hit" });
      res.end(req.method === "HEAD" ? undefined : withNonce(hit.body, hit.nonce, nonceOf(res)));
      return;
    }
    if (hit) kept.delete(key);
    const chunks: Buffer[] = [];
    const { write, end } = res;
    res.write = function (this: typeof res, chunk: unknown, ...rest: unknown[]) {
      if (chunk) chunks.push(Buffer.from(chunk as Buffer));
      return (write as (...a: unknown[]) => boolean).call(this, chunk, ...rest);
    } as typeof res.write;
    res.end = function (this: typeof res, chunk?: unknown, ...rest: unknown[]) {
      if (chunk && typeof chunk !== "function") chunks.push(Buffer.from(chunk as Buffer));
      return (end as (...a: unknown[]) => typeof res).call(this, chunk, ...rest);
    } as typeof res.end;
    res.setHeader("x-page-cache", "miss");
    res.on("finish", () => {
      if (res.statusCode !== 200 || res.getHeader("set-cookie") || req.method === "HEAD") return;
      const headers = res.getHeaders();
      delete headers["x-page-cache"];
      delete headers["x-request-id"];
      // This request's own security headers (its nonce) were set before the cache ran.
      delete headers["content-security-policy"];
      kept.set(key, { expires: Date.now() + options.ttlMs, status: 200, headers, body: Buffer.concat(chunks), nonce: nonceOf(res) });
      if (kept.size > max) kept.delete(kept.keys().next().value!);
    });
    next();
  };
}
