import i18next, { type i18n as I18n, type Resource } from "i18next";
import { initReactI18next } from "react-i18next";

import type { Locale } from "~/domain/locale";

/**
 * The namespaces in the order i18next looks in them: `common` first, then the others. Listed here,
 * apart from the catalogues, so the browser can set i18next up without importing every language
 * (index.ts checks that the list matches the catalogues).
 */
export const NAMESPACE_NAMES = [
  "common",
  "events",
  "accounts",
  "registration",
  "clubs",
  "schedule",
  "academy",
  "jury",
  "judging",
  "results",
  "email",
  "site",
  "jobs",
] as const;

/** A synchronously initialised i18next instance for one locale over the given resources. */
export function initI18n(locale: Locale, resources: Resource): I18n {
  const instance = i18next.createInstance();
  void instance.use(initReactI18next).init({
    lng: locale,
    fallbackLng: "ru",
    supportedLngs: ["kk", "ru", "en"],
    ns: [...NAMESPACE_NAMES],
    defaultNS: "common",
    fallbackNS: NAMESPACE_NAMES.filter((ns) => ns !== "common"),
    resources,
    interpolation: { escapeValue: false },
    initImmediate: false,
    returnNull: false,
  });
  return instance;
}
