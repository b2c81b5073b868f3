import i18next, { type i18n as I18n } from "i18next";
import { initReactI18next } from "react-i18next";

import type { Locale } from "~/domain/locale";

import { en } from "./en";
import { kk } from "./kk";
import { ru } from "./ru";

export const catalogues = { kk, ru, en } as const;

/** A fresh, synchronously initialised i18next instance for one locale (one per request on the server). */
export function createI18n(locale: Locale): I18n {
  const instance = i18next.createInstance();
  void instance.use(initReactI18next).init({
    lng: locale,
    fallbackLng: "ru",
    supportedLngs: ["kk", "ru", "en"],
    resources: { kk: { translation: kk }, ru: { translation: ru }, en: { translation: en } },
    interpolation: { escapeValue: false },
    initImmediate: false,
    returnNull: false,
  });
  return instance;
}
