import { isLocale, type Locale } from "~/domain/locale";
import { createI18n } from "~/i18n";
import { parseId } from "~/forms/ids";

/** `?lang=kk|ru|en`, the fallback when absent, or null for anything else. */
export function diplomaLocale(url: URL, fallback: Locale): Locale | null {
  const lang = url.searchParams.get("lang");
  if (lang === null || lang === "") return fallback;
  return isLocale(lang) ? lang : null;
}

/** A positive whole-number query parameter: undefined when absent, null when malformed. */
export function idParam(url: URL, name: string): number | undefined | null {
  const raw = url.searchParams.get(name);
  if (raw === null || raw === "") return undefined;
  return /^\d+$/.test(raw) ? parseId(raw) ?? null : null;
}

/** A refusal the reader can act on, in their language (plain text: the address was a PDF's). */
export function diplomaProblem(status: 400 | 404, key: string, locale: Locale): Response {
  return new Response(createI18n(locale).t(key), { status, headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" } });
}

/**
 * The PDF, shown in the browser (`inline`) or saved (`attachment`, with `?download=1`). Private
 * documents: never cached by shared caches.
 */
export function pdfResponse(pdf: Buffer, fileName: string, url: URL): Response {
  const disposition = url.searchParams.get("download") === "1" ? "attachment" : "inline";
  return new Response(new Uint8Array(pdf), {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Disposition": `${disposition}; filename="${fileName}"`,
      "Content-Length": String(pdf.length),
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
