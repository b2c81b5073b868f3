import type { ReactNode } from "react";
import { I18nextProvider } from "react-i18next";

import type { Locale } from "~/domain/locale";
import { createI18n } from "~/i18n";

/** Renders children as Toi would for a reader of `locale`. */
export function WithLocale({ locale, children }: { locale: Locale; children: ReactNode }) {
  return <I18nextProvider i18n={createI18n(locale)}>{children}</I18nextProvider>;
}
