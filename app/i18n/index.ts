import type { i18n as I18n } from "i18next";

import { type Locale, LOCALES } from "~/domain/locale";

import { academy } from "./academy";
import { accounts } from "./accounts";
import { clubs } from "./clubs";
import { common } from "./common";
import { email } from "./email";
import { events } from "./events";
import { jobs } from "./jobs";
import { judging } from "./judging";
import { jury } from "./jury";
import { registration } from "./registration";
import { results } from "./results";
import { schedule } from "./schedule";
import { initI18n, NAMESPACE_NAMES } from "./setup";
import { site } from "./site";
import { registerCatalogue } from "./texts";

/**
 * The catalogues, one i18next namespace per feature, each in the three languages side by side
 * (`app/i18n/<namespace>/{kk,ru,en}.ts`). Every namespace holds its own top-level keys (`jury`,
 * `results`, ...), and no key lives in two namespaces, so a key still reads `t("jury.title")`:
 * i18next looks in `common` first and falls back to the others in turn.
 */
export const namespaces = {
  common,
  events,
  accounts,
  registration,
  clubs,
  schedule,
  academy,
  jury,
  judging,
  results,
  email,
  site,
  jobs,
} as const;

export type Namespace = keyof typeof namespaces;

const NAMESPACES = Object.keys(namespaces) as Namespace[];

// The browser's list (setup.ts) must name every namespace, in the same order.
const sameNamespaces: readonly Namespace[] = NAMESPACE_NAMES satisfies readonly Namespace[];
if (sameNamespaces.join() !== NAMESPACES.join()) throw new Error("app/i18n/setup.ts lists other namespaces");

function catalogue<L extends Locale>(locale: L) {
  const n = namespaces;
  return {
    ...n.common[locale],
    ...n.events[locale],
    ...n.accounts[locale],
    ...n.registration[locale],
    ...n.clubs[locale],
    ...n.schedule[locale],
    ...n.academy[locale],
    ...n.jury[locale],
    ...n.judging[locale],
    ...n.results[locale],
    ...n.email[locale],
    ...n.site[locale],
    ...n.jobs[locale],
  };
}

/** Every namespace of one language merged into one object, for code that reads texts without i18next. */
export const catalogues = { kk: catalogue("kk"), ru: catalogue("ru"), en: catalogue("en") };

const resources = Object.fromEntries(
  LOCALES.map((locale) => [locale, Object.fromEntries(NAMESPACES.map((ns) => [ns, namespaces[ns][locale]]))]),
);

// The server reads titles (route meta) in every language.
for (const locale of LOCALES) registerCatalogue(locale, { all: catalogues[locale] });

/**
 * A fresh, synchronously initialised i18next instance for one locale, with every language (one per
 * request on the server; the browser loads only its reader's language, see client.ts).
 */
export function createI18n(locale: Locale): I18n {
  return initI18n(locale, resources);
}
