import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";

import { getLocale } from "~/.server/platform/locale.server";
import { getDb } from "~/.server/platform/runtime.server";
import {
  type PublicResultRound,
  type PublicResultRow,
  publicResultsPage,
} from "~/.server/results/public-results.server";
import type { Locale } from "~/domain/locale";
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
        {rounds.length > 0 ? <PrintButton /> : null}
      </header>
      {rounds.length === 0 ? <p className="muted">{t("results.public.none")}</p> : null}
      {rounds.length > 0 && rounds.reduce((n, r) => n + r.sections.length, 0) > 3 ? <Contents rounds={rounds} /> : null}
      {rounds.map((round) => (
        <RoundResults
          key={round.id}
          round={round}
          locale={locale}
          showHeading={rounds.length > 1 || round.kind !== "final"}
        />
      ))}
    </article>
  );
}

function PrintButton() {
  const { t } = useTranslation();
  return (
    <button type="button" className="button public-results__print" onClick={() => window.print()}>
      {t("results.public.print")}
    </button>
  );
}

function sectionName(
  t: (key: string, options?: Record<string, unknown>) => string,
  s: { nomination: string; ageGroup: { min: number; max: number } | null },
) {
  return s.ageGroup
    ? `${s.nomination}, ${t("event.ageRange", { min: s.ageGroup.min, max: s.ageGroup.max })}`
    : s.nomination;
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

function RoundResults({
  round,
  locale,
  showHeading,
}: {
  round: PublicResultRound;
  locale: Locale;
  showHeading: boolean;
}) {
  const { t } = useTranslation();
  const dates = round.startsOn ? formatDateRange(round.startsOn, round.endsOn ?? round.startsOn, locale) : null;
  return (
    <section className="public-results__round stack" aria-labelledby={`round-${round.id}`}>
      <h2 id={`round-${round.id}`} className={showHeading ? undefined : "visually-hidden"}>
        {t(`roundKind.${round.kind}`)}
        {dates || round.city ? (
          <span className="muted public-results__when">
            {" "}
            ·{" "}
            {[dates, round.city ? t(`city.${round.city}`, { defaultValue: round.city }) : null]
              .filter(Boolean)
              .join(", ")}
          </span>
        ) : null}
      </h2>
      {round.sections.map((s) => (
        <section
          key={s.id}
          className="public-results__section card"
          id={`results-${s.id}`}
          aria-labelledby={`results-${s.id}-title`}
        >
          <h3 id={`results-${s.id}-title`} lang={s.nominationLang}>
            {sectionName(t, s)}
          </h3>
          <ol className="results-list">
            {s.rows.map((row, i) => (
              <ResultRow key={i} row={row} />
            ))}
          </ol>
        </section>
      ))}
    </section>
  );
}

function ResultRow({ row }: { row: PublicResultRow }) {
  const { t } = useTranslation();
  const names = row.performers.map((n) => n ?? t("children.anonymous")).join(", ");
  const where = [...row.clubs, ...row.cities.map((c) => t(`city.${c}`, { defaultValue: c }))];
  const who = row.ensemble ? (row.title ? `«${row.title}»` : (row.clubs[0] ?? names)) : names;
  const details = row.ensemble ? where : [row.title ? `«${row.title}»` : null, ...where];
  return (
    <li className={`results-row${row.award ? ` results-row--${row.award}` : ""}`}>
      <span className="results-row__place">
        <span className="visually-hidden">{t("results.public.place")}: </span>
        {row.place ?? t("results.public.noPlace")}
      </span>
      <span className="results-row__who">
        <strong>{who}</strong>
        {details.length ? <span className="muted small">{details.filter(Boolean).join(" · ")}</span> : null}
        {row.ensemble && names ? <span className="muted small">{names}</span> : null}
      </span>
      {row.award || row.shared ? (
        <span className="results-row__award">
          {row.award ? t(`results.award.${row.award}`) : null}
          {row.shared ? <span className="results-row__shared">{t("results.public.shared")}</span> : null}
        </span>
      ) : null}
      {row.specialPrizes.map((p) => (
        <span key={p} className="results-row__prize small">
          {t("results.public.specialPrize", { name: p })}
        </span>
      ))}
    </li>
  );
}
