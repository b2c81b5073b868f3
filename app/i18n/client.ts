import type { i18n as I18n } from "i18next";

import type { Locale } from "~/domain/locale";

import { initI18n } from "./setup";
import { registerCatalogue } from "./texts";

// One chunk per language: a page loads its reader's language only (about a third of the catalogues).
const LANGUAGES: Record<Locale, () => Promise<{ resources: Record<string, object> }>> = {
  kk: () => import("./language/kk"),
  ru: () => import("./language/ru"),
  en: () => import("./language/en"),
};

/** i18next for the browser, with the reader's language loaded (before hydration: no untranslated flash). */
export async function loadClientI18n(locale: Locale): Promise<I18n> {
  const { resources } = await LANGUAGES[locale]();
  registerCatalogue(locale, resources);
  return initI18n(locale, { [locale]: resources });
}
