import type { RequestHandler, Response } from "express";
import helmet from "helmet";
import { randomBytes } from "node:crypto";

// The headers every response carries (docs/decisions/017-security-headers.md): a Content Security
// Policy whose scripts are our own files and the inline scripts Remix writes with this response's
// nonce, no framing by anyone (the operations pages have one-click approve, refund and grant
// buttons), HSTS when the site is served over https, and the smaller hardening headers.

/** Where Stripe Checkout lives: a form posted to checkout is redirected there (form-action covers redirects). */
const STRIPE_CHECKOUT = "https://checkout.stripe.com";

/** Public images other sites may show (a certificate shared on a forum); everything else is ours alone. */
const EMBEDDABLE = /^\/certificates\/[^/]+\/(image|poster)\.png$/;

/** Browser features no page of ours uses are off for us and for anything we might embed. */
const PERMISSIONS_POLICY = [
  "accelerometer=()",
  "browsing-topics=()",
  "camera=()",
  "display-capture=()",
  "geolocation=(self)", // field evidence records where it was taken
  "gyroscope=()",
  "magnetometer=()",
  "microphone=()",
  "payment=()",
  "usb=()",
].join(", ");

export const nonceOf = (res: Response): string => res.locals.cspNonce as string;

export function securityHeaders(options: { https: boolean; mapOrigin?: string }): RequestHandler {
  // A configured map style's tiles, glyphs and sprites are fetched from its own host.
  const map = options.mapOrigin ? [options.mapOrigin] : [];
  const nonce = (_req: unknown, res: unknown) => `'nonce-${nonceOf(res as Response)}'`;
  const policy = helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        "default-src": ["'self'"],
        "script-src": ["'self'", nonce],
        "script-src-attr": ["'none'"],
        // React's style attributes and sonner's injected stylesheet: styles cannot run code.
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:", ...map],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'", ...map],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'", STRIPE_CHECKOUT],
        "frame-ancestors": ["'none'"],
        // Over plain http (npm start on localhost) an upgrade would point every asset at https.
        ...(options.https ? { "upgrade-insecure-requests": [] } : {}),
      },
    },
    strictTransportSecurity: options.https ? { maxAge: 365 * 24 * 3600, includeSubDomains: true } : false,
    referrerPolicy: { policy: "same-origin" },
    crossOriginEmbedderPolicy: false,
    crossOriginResourcePolicy: false,
    xFrameOptions: { action: "deny" },
  });
  return (req, res, next) => {
    // 128 random bits, in characters that never need escaping in a header or an attribute.
    res.locals.cspNonce = randomBytes(16).toString("base64url");
    res.setHeader("Permissions-Policy", PERMISSIONS_POLICY);
    res.setHeader("Cross-Origin-Resource-Policy", EMBEDDABLE.test(req.path) ? "cross-origin" : "same-origin");
    policy(req, res, next);
  };
}
