import { createCookie } from "@remix-run/node";

import { findLocale, isLocale, type Locale } from "~/domain/locale";

export const localeCookie = createCookie("toi_lng", {
  path: "/",
  sameSite: "lax",
  httpOnly: true,
  maxAge: 60 * 60 * 24 * 365,
});

/**
 * The reader's language: `?lang=` when the address names one (a shared link, a search engine
 * following an hreflang alternate), else the switcher's cookie, else the browser's Accept-Language,
 * else Russian.
 */
export async function getLocale(request: Request): Promise<Locale> {
  return readerLocale(
    new URL(request.url).searchParams.get("lang"),
    request.headers.get("Cookie"),
    request.headers.get("Accept-Language"),
  );
}

/**
 * `getLocale` without a Request, synchronously: the page cache answers from it before anything else
 * runs, and must resolve the language exactly as the page it keeps was rendered.
 */
export function readerLocale(lang: string | null, cookie: string | null, acceptLanguage: string | null): Locale {
  if (isLocale(lang)) return lang;
  const fromCookie = cookie === null ? null : localeInCookie(cookie);
  if (fromCookie) return fromCookie;
  if (!acceptLanguage) return findLocale(acceptLanguage);
  // Browsers send a handful of distinct headers: parse each once (the page cache asks per request).
  let locale = byAcceptLanguage.get(acceptLanguage);
  if (!locale) {
    if (byAcceptLanguage.size >= 500) byAcceptLanguage.clear();
    locale = findLocale(acceptLanguage);
    byAcceptLanguage.set(acceptLanguage, locale);
  }
  return locale;
}

const byAcceptLanguage = new Map<string, Locale>();

/** The switcher's cookie as `localeCookie` writes it: URI-encoded base64 of a JSON string. */
function localeInCookie(header: string): Locale | null {
  const raw = /(?:^|;)\s*toi_lng\s*=\s*([^;]*)/.exec(header)?.[1]?.trim();
  if (!raw) return null;
  try {
    const unquoted = raw.startsWith('"') && raw.endsWith('"') ? raw.slice(1, -1) : raw;
    const value: unknown = JSON.parse(Buffer.from(decodeURIComponent(unquoted), "base64").toString("utf8"));
    return isLocale(value) ? value : null;
  } catch {
    return null;
  }
}

/**
 * A feed's language: `?lang=` when its URL names one, since a calendar app that subscribes sends
 * no cookie or Accept-Language; else the reader's. Null when `?lang=` is not a language we speak.
 */
export async function getFeedLocale(request: Request): Promise<Locale | null> {
  const lang = new URL(request.url).searchParams.get("lang");
  if (lang === null || lang === "") return getLocale(request);
  return isLocale(lang) ? lang : null;
}
