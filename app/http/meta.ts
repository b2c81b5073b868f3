import type { MetaDescriptor } from "@remix-run/node";

import { DEFAULT_LOCALE, isLocale, type Locale } from "~/domain/locale";
import { catalogueText } from "~/i18n/texts";

export { catalogueText };

interface Match {
  id: string;
  data: unknown;
}

/** The reader's language, as the root loader settled it. */
export function readerLocale(matches: readonly Match[]): Locale {
  const root = matches.find((m) => m.id === "root")?.data as { locale?: unknown } | undefined;
  return isLocale(root?.locale) ? root.locale : DEFAULT_LOCALE;
}

/**
 * A page's title in the reader's language: "page — event — Toi", naming the page first (what a tab,
 * the history and a screen reader announce), then what it belongs to, then the brand. Private pages
 * also ask search engines to stay away.
 */
export function titled(
  matches: readonly Match[],
  key: string,
  { context = [], index = false }: { context?: (string | null | undefined)[]; index?: boolean } = {},
): MetaDescriptor[] {
  const title = titleOf(matches, [catalogueText(readerLocale(matches), key), ...context]);
  return index ? [{ title }] : [{ title }, { name: "robots", content: "noindex" }];
}

/** "part — part — Toi" from texts already in the reader's language (an event's own title, say). */
export function titleOf(matches: readonly Match[], parts: (string | null | undefined)[]): string {
  const named = parts.filter((c): c is string => Boolean(c?.trim()));
  return [...named, catalogueText(readerLocale(matches), "app.name")].join(" — ");
}

/** The title of the event a page's loader data is about (`event.title` at most two levels down), if any. */
export function eventTitleIn(data: unknown): string | undefined {
  const at = (value: unknown, depth: number): string | undefined => {
    if (!value || typeof value !== "object" || depth > 2) return undefined;
    const event = (value as Record<string, unknown>).event;
    if (event && typeof event === "object" && typeof (event as { title?: unknown }).title === "string")
      return (event as { title: string }).title;
    for (const child of Object.values(value)) {
      const found = at(child, depth + 1);
      if (found) return found;
    }
    return undefined;
  };
  return at(data, 0);
}
