import { RemixBrowser } from "@remix-run/react";
import { startTransition, StrictMode } from "react";
import { hydrateRoot } from "react-dom/client";
import { I18nextProvider } from "react-i18next";

import { DEFAULT_LOCALE, isLocale } from "~/domain/locale";
import { createI18n } from "~/i18n";

function hydrate() {
  const lang = document.documentElement.lang;
  const i18n = createI18n(isLocale(lang) ? lang : DEFAULT_LOCALE);
  startTransition(() => {
    hydrateRoot(
      document,
      <StrictMode>
        <I18nextProvider i18n={i18n}>
          <RemixBrowser />
        </I18nextProvider>
      </StrictMode>,
    );
  });
}

hydrate();
