import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";

import { homePageWithCities } from "~/.server/events/public-events.server";
import { getLocale } from "~/.server/platform/locale.server";
import { getDb } from "~/.server/platform/runtime.server";
import { EventSection } from "~/components/event-card";
import { FilterActions, FilterSelect } from "~/components/filters";
import { Options } from "~/components/options";
import { isCity } from "~/domain/cities";
import { EVENT_KINDS, type EventKind } from "~/domain/event-kinds";
import { titleOf } from "~/http/meta";
import { createI18n } from "~/i18n";

const isKind = (v: unknown): v is EventKind => typeof v === "string" && (EVENT_KINDS as readonly string[]).includes(v);

export const meta: MetaFunction<typeof loader> = ({ matches, data }) => [
  { title: titleOf(matches, [data?.pageTitle]) },
  { name: "description", content: data?.description ?? "" },
];

// Public: anyone may read published events.
export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const city = url.searchParams.get("city");
  const kind = url.searchParams.get("kind");
  const filters = { city: isCity(city) ? city : undefined, kind: isKind(kind) ? kind : undefined };
  const locale = await getLocale(request);
  const page = await homePageWithCities(await getDb(), filters, locale);
  const t = createI18n(locale).t;
  return {
    locale,
    filters,
    ...page,
    pageTitle: t("home.title"),
    description: t("meta.description"),
  };
}

export default function Home() {
  const { t } = useTranslation();
  const { locale, filters, cities, upcoming, past } = useLoaderData<typeof loader>();
  const filtered = Boolean(filters.city || filters.kind);
  return (
    <>
      <section className="hero">
        <h1>{t("home.heading")}</h1>
        <p className="hero__lead">{t("home.lead")}</p>
      </section>
      <Form method="get" className="filters" aria-label={t("home.filters")}>
        <FilterSelect id="filter-city" name="city" label={t("home.city")} value={filters.city} inline>
          <Options blank={t("home.allCities")} items={cities} label={(c) => t(`city.${c}`)} />
        </FilterSelect>
        <FilterSelect id="filter-kind" name="kind" label={t("home.kind")} value={filters.kind} inline>
          <Options blank={t("home.allKinds")} items={EVENT_KINDS} label={(k) => t(`kind.${k}`)} />
        </FilterSelect>
        <FilterActions submit={t("home.apply")}>
          {filtered ? (
            <Link to="/" className="button button--quiet">
              {t("home.reset")}
            </Link>
          ) : null}
        </FilterActions>
      </Form>
      <EventSection
        id="upcoming"
        heading={t("home.upcoming")}
        empty={t("home.noUpcoming")}
        events={upcoming}
        locale={locale}
      />
      <EventSection id="past" heading={t("home.past")} empty={t("home.noPast")} events={past} locale={locale} />
    </>
  );
}
