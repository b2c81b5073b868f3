import { RemixBrowser } from "@remix-run/react";
import { startTransition, StrictMode } from "react";
import { hydrateRoot } from "react-dom/client";
import { I18nextProvider } from "react-i18next";

import { DEFAULT_LOCALE, isLocale } from "~/domain/locale";
import { loadClientI18n } from "~/i18n/client";

// Hydration waits for the reader's language (one small chunk): the server's text stays on screen
// meanwhile, so nothing flashes untranslated.
async function hydrate() {
  const lang = document.documentElement.lang;
  const i18n = await loadClientI18n(isLocale(lang) ? lang : DEFAULT_LOCALE);
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

void hydrate();
