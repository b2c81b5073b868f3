import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";

import { getLocale } from "~/.server/platform/locale.server";
import { getDb } from "~/.server/platform/runtime.server";
import { type PublicResultRound, publicResultsPage } from "~/.server/results/public-results.server";
import { PrintButton, RoundResults, sectionName } from "~/components/results/public-results";
import { catalogueText, readerLocale, titleOf } from "~/http/meta";
import { notFound } from "~/http/responses";
import { formatDateRange } from "~/i18n/format";

export const meta: MetaFunction<typeof loader> = ({ matches, data }) =>
  data
    ? [
        {
          title: titleOf(matches, [
            catalogueText(readerLocale(matches), "results.public.title"),
            data.results.event.title,
          ]),
        },
        { name: "description", content: data.results.event.title },
      ]
    : [{ title: titleOf(matches, []) }];

// Anyone, for a published event: only published sections, the same for organisers (they preview on
// their overview). A draft event is a 404 here for everyone.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const locale = await getLocale(request);
  const results = await publicResultsPage(await getDb(), params.slug ?? "", locale);
  if (!results) throw notFound();
  return { locale, results };
}

export default function PublicResults() {
  const { t } = useTranslation();
  const { locale, results } = useLoaderData<typeof loader>();
  const { event, rounds } = results;
  return (
    <article className="public-results stack">
      <p className="back-link">
        <Link to={`/events/${event.slug}`}>
          ← <span lang={event.titleLang}>{event.title}</span>
        </Link>
      </p>
      <header className="public-results__head">
        <div>
          <h1>{t("results.public.title")}</h1>
          <p className="public-results__event" lang={event.titleLang}>
            {event.title}
          </p>
          <p className="muted small">
            {formatDateRange(event.startsOn, event.endsOn, locale)} ·{" "}
            {t(`city.${event.city}`, { defaultValue: event.city })}
          </p>
        </div>
        {rounds.length > 0 && results.inline ? <PrintButton /> : null}
      </header>
      {rounds.length === 0 ? <p className="muted">{t("results.public.none")}</p> : null}
      {results.inline && rounds.reduce((n, r) => n + r.sections.length, 0) > 3 ? <Contents rounds={rounds} /> : null}
      {rounds.map((round) => (
        <RoundResults
          key={round.id}
          slug={event.slug}
          round={round}
          locale={locale}
          inline={results.inline}
          showHeading={!results.inline || rounds.length > 1 || round.kind !== "final"}
        />
      ))}
    </article>
  );
}

function Contents({ rounds }: { rounds: PublicResultRound[] }) {
  const { t } = useTranslation();
  return (
    <nav className="public-results__contents" aria-label={t("results.public.title")}>
      {rounds.map((r) => (
        <div key={r.id} className="public-results__contents-round">
          {rounds.length > 1 ? <span className="muted small">{t(`roundKind.${r.kind}`)}</span> : null}
          <ul className="chips">
            {r.sections.map((s) => (
              <li key={s.id}>
                <a className="chip" href={`#results-${s.id}`} lang={s.nominationLang}>
                  {sectionName(t, s)}
                </a>
              </li>
            ))}
          </ul>
        </div>
      ))}
    </nav>
  );
}
