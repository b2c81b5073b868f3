import crypto from "node:crypto";

import type { NextFunction, Request as ExpressRequest, RequestHandler, Response as ExpressResponse } from "express";

import { hasControlCharacters } from "~/http/forms";
import { catalogues } from "~/i18n";

import { type Env, readEnv } from "./env.server";
import { getLocale } from "./locale.server";

declare module "@remix-run/server-runtime" {
  interface AppLoadContext {
    /** This response's Content-Security-Policy nonce: every inline script must carry it. */
    cspNonce: string;
    /** The client's address as Express sees it (the proxy's X-Forwarded-For only with TRUST_PROXY=1). */
    clientIp: string;
  }
}

/** Enough of a request to judge it: a Fetch `Request` fits, and so does an adapted Express one. */
export interface RequestLike {
  method: string;
  url: string;
  headers: { get(name: string): string | null };
}

const SAFE_METHODS = new Set(["GET", "HEAD"]);

/**
 * Why a state-changing request must be refused, or null when it may proceed. A browser sends
 * `Origin` on every non-GET request, so one naming another site (or Sec-Fetch-Site saying so) is a
 * forged form post; a request without Origin comes from a non-browser client, which carries no
 * victim's cookies to abuse. `appOrigin` is this site's own origin as the visitor sees it.
 */
export function checkOrigin(
  request: RequestLike,
  appOrigin = new URL(request.url).origin,
): "cross-site" | "cross-origin" | null {
  if (SAFE_METHODS.has(request.method.toUpperCase())) return null;
  if (request.headers.get("Sec-Fetch-Site")?.trim().toLowerCase() === "cross-site") return "cross-site";
  const origin = request.headers.get("Origin");
  if (origin !== null && origin.trim().toLowerCase() !== appOrigin.toLowerCase()) return "cross-origin";
  return null;
}

/**
 * This site's origin for a request. Behind a proxy the browser saw the proxy's scheme and host, which
 * arrive as X-Forwarded-Proto/-Host; anyone can send those headers, so they count only when the
 * operator says a proxy sits in front (TRUST_PROXY=1) and overwrites them.
 */
export function requestOrigin(
  headers: RequestLike["headers"],
  { trustProxy, encrypted }: { trustProxy: boolean; encrypted: boolean },
): string {
  const first = (name: string) => headers.get(name)?.split(",")[0]?.trim() || undefined;
  const proto = (trustProxy && first("X-Forwarded-Proto")) || (encrypted ? "https" : "http");
  const host = (trustProxy && first("X-Forwarded-Host")) || headers.get("Host") || "localhost";
  return `${proto.toLowerCase()}://${host.toLowerCase()}`;
}

export function createNonce(): string {
  return crypto.randomBytes(16).toString("base64");
}

export interface SecurityHeaderOptions {
  /** This response's nonce for its inline scripts… */
  nonce?: string;
  /** …or, for a page served as fixed bytes to many readers, the hashes of its inline scripts. */
  scriptHashes?: readonly string[];
  /** false relaxes the policy for Vite's dev server: its HMR socket and injected styles. */
  production: boolean;
  /** Served over HTTPS: HSTS is sent (in production only, so a laptop's localhost stays usable). */
  https: boolean;
}

export function securityHeaders({
  nonce,
  scriptHashes = [],
  production,
  https,
}: SecurityHeaderOptions): Record<string, string> {
  const inline = nonce ? [`'nonce-${nonce}'`] : scriptHashes.map((h) => `'${h}'`);
  const csp = [
    "default-src 'self'",
    ["script-src 'self'", ...inline].join(" "),
    production ? "style-src 'self'" : "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    production ? "connect-src 'self'" : "connect-src 'self' ws: wss:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
  const headers: Record<string, string> = {
    "Content-Security-Policy": csp,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "X-Frame-Options": "DENY",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
  };
  if (production && https) headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains";
  return headers;
}

const INLINE_SCRIPT = /<script\b([^>]*)>([\s\S]*?)<\/script\s*>/gi;

/**
 * The CSP hash sources (`sha256-…`) of a page's inline scripts, exactly as a browser computes them:
 * over the UTF-8 text between the tags. Scripts with a `src` are 'self' and need none.
 */
export function inlineScriptHashes(html: string): string[] {
  const hashes = new Set<string>();
  for (const [, attributes, text] of html.matchAll(INLINE_SCRIPT)) {
    if (/\ssrc\s*=/i.test(` ${attributes}`)) continue;
    hashes.add(`sha256-${crypto.createHash("sha256").update(text!, "utf8").digest("base64")}`);
  }
  return [...hashes];
}

/**
 * The one route a POST may reach from any site: a bulk notice's one-click unsubscribe (RFC 8058).
 * Mail providers POST to it from their own servers or from webmail pages, with no session to abuse;
 * the signed token in the address is what authorises it.
 */
export function isOneClickUnsubscribe(method: string, path: string): boolean {
  return method.toUpperCase() === "POST" && /^\/unsubscribe\/[^/]+$/.test(path);
}

/**
 * Express middleware run before everything else (static files included): refuses cross-site
 * state-changing requests before any action runs, and sets the security headers with a fresh nonce,
 * which `getLoadContext` hands to Remix for `<Scripts>` and React's stream.
 */
export function securityMiddleware(env: Env = readEnv()): RequestHandler {
  const trustProxy = env.TRUST_PROXY === "1";
  const production = env.NODE_ENV === "production";
  // With PUBLIC_URL the operator has said where Toi lives: forms come from there, whatever Host says.
  const publicOrigin = env.PUBLIC_URL ? new URL(env.PUBLIC_URL).origin : undefined;
  return (req: ExpressRequest, res: ExpressResponse, next: NextFunction) => {
    const headers = { get: (name: string) => req.get(name) ?? null };
    // Express's req.secure reads X-Forwarded-Proto only when 'trust proxy' is set (TRUST_PROXY=1).
    const origin = publicOrigin ?? requestOrigin(headers, { trustProxy, encrypted: req.secure });
    const oneClick = isOneClickUnsubscribe(req.method, req.path);
    const verdict = oneClick
      ? null
      : checkOrigin({ method: req.method, url: origin + req.originalUrl, headers }, origin);
    // Remix refuses a document POST whose Origin names another host; this one is authorised by its
    // token alone, whoever sends it, so the Origin is dropped rather than judged.
    if (oneClick) delete req.headers.origin;
    const nonce = createNonce();
    res.locals.cspNonce = nonce;
    res.set(securityHeaders({ nonce, production, https: env.SECURE_COOKIES === "1" || req.secure }));
    if (verdict) {
      res.status(403).type("text/plain").send(`Forbidden: ${verdict} request.`);
      return;
    }
    next();
  };
}

/** The request's path and query, decoded; null when its percent-escapes are broken. */
function decodedTarget(originalUrl: string): string | null {
  try {
    return decodeURIComponent(originalUrl.replace(/\+/g, " "));
  } catch {
    return null;
  }
}

/**
 * Express middleware: an address whose path or query carries a control character (`/events/a%00b`,
 * `?q=%00`) or broken percent-escapes is a 400 with a page in the reader's language, before any
 * loader would hand it to PostgreSQL (which refuses NUL in text with a server error).
 */
export function addressGuard(): RequestHandler {
  return async (req: ExpressRequest, res: ExpressResponse, next: NextFunction) => {
    const target = decodedTarget(req.originalUrl);
    if (target !== null && !hasControlCharacters(target)) return next();
    const headers = { Cookie: req.get("Cookie") ?? "", "Accept-Language": req.get("Accept-Language") ?? "" };
    const locale = await getLocale(new Request("http://toi.invalid/", { headers }));
    const errors = catalogues[locale].errors;
    const text = target === null ? errors.badRequest : errors.badRequest_controlCharactersInAddress;
    const title = `${errors.badRequestTitle} — ${catalogues[locale].app.name}`;
    res
      .status(400)
      .type("html")
      .send(
        `<!DOCTYPE html><html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">` +
          `<title>${escapeHtml(title)}</title></head>` +
          `<body><h1>${escapeHtml(errors.badRequestTitle)}</h1><p>${escapeHtml(text)}</p><p><a href="/">${escapeHtml(errors.backHome)}</a></p></body></html>`,
      );
  };
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Remix's load context for an Express request; `securityMiddleware` must have run first. */
export function getLoadContext(req: ExpressRequest, res: ExpressResponse) {
  return { cspNonce: String(res.locals.cspNonce ?? ""), clientIp: req.ip ?? "" };
}
