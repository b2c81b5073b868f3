import { isLocale, type Locale } from "~/domain/locale";
import { parseId } from "~/forms/ids";
import { createI18n } from "~/i18n";

import { getLocale } from "../../platform/locale.server";

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
  return /^\d+$/.test(raw) ? (parseId(raw) ?? null) : null;
}

/**
 * A refusal the reader can act on, in their language. Resource routes (a PDF, a CSV or XLSX file)
 * cannot render the app's error page, so they answer with one short line of plain text.
 */
export function diplomaProblem(status: 400 | 403 | 404, key: string, locale: Locale): Response {
  return new Response(createI18n(locale).t(key), {
    status,
    headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" },
  });
}

/**
 * Runs a resource route's guard (requireEventRole and the like), turning the plain-English 403 and
 * 404 it throws into the same refusals in the reader's language (`notFoundKey` names what is not
 * there). Redirects (to sign in) pass through.
 */
export async function guardResource<T>(
  request: Request,
  guard: () => Promise<T>,
  notFoundKey = "errors.notFound",
): Promise<T> {
  try {
    return await guard();
  } catch (thrown) {
    if (thrown instanceof Response && (thrown.status === 403 || thrown.status === 404)) {
      throw diplomaProblem(
        thrown.status,
        thrown.status === 403 ? "errors.forbidden" : notFoundKey,
        await getLocale(request),
      );
    }
    throw thrown;
  }
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
