import type { Locale } from "~/domain/locale";

// The catalogues that code outside React (route `meta` functions) reads texts from. The server has
// every language (app/i18n/index.ts registers them); the browser has only the reader's, registered
// by app/i18n/client.ts when it loads it, so a page never ships the other two for its titles.
const registered: Partial<Record<Locale, Record<string, unknown>>> = {};

/** Makes one language's namespaces readable by `catalogueText`, merged (no key lives in two). */
export function registerCatalogue(locale: Locale, namespaces: Readonly<Record<string, object>>): void {
  registered[locale] = Object.assign({}, ...Object.values(namespaces)) as Record<string, unknown>;
}

/** A catalogue text by its dotted key, in one language; the key itself when that language is not loaded. */
export function catalogueText(locale: Locale, key: string): string {
  let node: unknown = registered[locale];
  for (const part of key.split(".")) node = (node as Record<string, unknown> | undefined)?.[part];
  return typeof node === "string" ? node : key;
}
