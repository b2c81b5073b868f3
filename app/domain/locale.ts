export const LOCALES = ["kk", "ru", "en"] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = "ru";

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (LOCALES as readonly string[]).includes(value);
}

/**
 * Picks the best supported locale from an Accept-Language header, honouring q-values over the
 * whole list ("tr,kk;q=0.8" gives kk), then falls back to the default.
 */
export function findLocale(acceptLanguage: string | null | undefined): Locale {
  if (!acceptLanguage) return DEFAULT_LOCALE;
  const ranked = acceptLanguage
    .split(",")
    .map((part, index) => {
      const [tag = "", ...params] = part.trim().split(";");
      const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
      const quality = q ? Number(q.slice(2)) : 1;
      return {
        base: tag.trim().toLowerCase().split("-")[0] ?? "",
        quality: Number.isFinite(quality) ? quality : 0,
        index,
      };
    })
    .filter((l) => l.quality > 0)
    .sort((a, b) => b.quality - a.quality || a.index - b.index);
  for (const { base } of ranked) if (isLocale(base)) return base;
  return DEFAULT_LOCALE;
}

/** Order in which to fall back when a text is missing in the reader's language. */
const FALLBACKS: Record<Locale, Locale[]> = {
  kk: ["kk", "ru", "en"],
  ru: ["ru", "kk", "en"],
  en: ["en", "ru", "kk"],
};

type Localized<F extends string> = { [K in `${F}_${Locale}`]: string };

/** Reads `row[field_<locale>]`, falling back to the other languages when it is empty. */
export function localized<F extends string>(row: Localized<F>, field: F, locale: Locale): string {
  for (const l of FALLBACKS[locale]) {
    const value = row[`${field}_${l}` as keyof Localized<F>];
    if (value && value.trim()) return value;
  }
  return "";
}

/** The language a localized text was actually shown in (for `lang` attributes on fallbacks). */
export function localizedLang<F extends string>(row: Localized<F>, field: F, locale: Locale): Locale {
  for (const l of FALLBACKS[locale]) {
    const value = row[`${field}_${l}` as keyof Localized<F>];
    if (value && value.trim()) return l;
  }
  return locale;
}

/** The Open Graph locale of each language (og:locale). */
export const OG_LOCALES: Record<Locale, string> = { kk: "kk_KZ", ru: "ru_RU", en: "en_GB" };

/**
 * A page's address in each language, for `<link rel="alternate" hreflang>`: `?lang=` picks the
 * language (it wins over the cookie and the browser's), and the plain address is the x-default.
 */
export function languageAlternates(origin: string, pathname: string, search: string) {
  const params = new URLSearchParams(search);
  params.delete("lang");
  const at = (lang: Locale | null) => {
    const q = new URLSearchParams(params);
    if (lang) q.set("lang", lang);
    const query = q.toString();
    return `${origin}${pathname}${query ? `?${query}` : ""}`;
  };
  return [
    ...LOCALES.map((lang) => ({ hrefLang: lang as string, href: at(lang) })),
    { hrefLang: "x-default", href: at(null) },
  ];
}
