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
  const fromUrl = new URL(request.url).searchParams.get("lang");
  if (isLocale(fromUrl)) return fromUrl;
  const fromCookie: unknown = await localeCookie.parse(request.headers.get("Cookie"));
  if (isLocale(fromCookie)) return fromCookie;
  return findLocale(request.headers.get("Accept-Language"));
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
