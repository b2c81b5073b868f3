import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";

import type { PublicResultRound, PublicResultRow, PublicResultSection } from "~/.server/results/public-results.server";
import type { Locale } from "~/domain/locale";
import { formatDateRange } from "~/i18n/format";

type T = (key: string, options?: Record<string, unknown>) => string;

/** "Vocal, 7–10 years": a section's nomination and age group. */
export function sectionName(t: T, s: Pick<PublicResultSection, "nomination" | "ageGroup">): string {
  return s.ageGroup
    ? `${s.nomination}, ${t("event.ageRange", { min: s.ageGroup.min, max: s.ageGroup.max })}`
    : s.nomination;
}

/** "Heat · 12–13 May 2027, Semey": what a round is, when and where. */
export function RoundName({ round, locale }: { round: Omit<PublicResultRound, "sections">; locale: Locale }) {
  const { t } = useTranslation();
  const dates = round.startsOn ? formatDateRange(round.startsOn, round.endsOn ?? round.startsOn, locale) : null;
  return (
    <>
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
    </>
  );
}

/** A section's places, best first, from `start` (1-based position of the first row). */
export function PlaceList({ rows, start = 1 }: { rows: PublicResultRow[]; start?: number }) {
  return (
    <ol className="results-list" start={start}>
      {rows.map((row, i) => (
        <ResultRow key={i} row={row} />
      ))}
    </ol>
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

export function PrintButton() {
  const { t } = useTranslation();
  return (
    <button type="button" className="button public-results__print" onClick={() => window.print()}>
      {t("results.public.print")}
    </button>
  );
}

/**
 * A round's published sections: their places inline, or (a season's results) each section linked
 * to a page of its own with its count of places. The round's heading is for screen readers only
 * when the page already names the round (`showHeading` false).
 */
export function RoundResults({
  slug,
  round,
  locale,
  inline,
  showHeading,
}: {
  slug: string;
  round: PublicResultRound;
  locale: Locale;
  inline: boolean;
  showHeading: boolean;
}) {
  const { t } = useTranslation();
  if (!inline) {
    // A season's results: each section on a page of its own, listed with its count of places.
    return (
      <section className="public-results__round stack" aria-labelledby={`round-${round.id}`}>
        <h2 id={`round-${round.id}`} className={showHeading ? undefined : "visually-hidden"}>
          <RoundName round={round} locale={locale} />
        </h2>
        <ul className="public-results__sections">
          {round.sections.map((s) => (
            <li key={s.id} id={`results-${s.id}`}>
              <Link to={`/events/${slug}/results/${s.id}`} lang={s.nominationLang}>
                {sectionName(t, s)}
              </Link>{" "}
              <span className="muted small">{t("results.public.places", { count: s.count })}</span>
            </li>
          ))}
        </ul>
      </section>
    );
  }
  return (
    <section className="public-results__round stack" aria-labelledby={`round-${round.id}`}>
      <h2 id={`round-${round.id}`} className={showHeading ? undefined : "visually-hidden"}>
        <RoundName round={round} locale={locale} />
      </h2>
      {round.sections.map((s) => (
        <section
          key={s.id}
          className="public-results__section card"
          id={`results-${s.id}`}
          aria-labelledby={`results-${s.id}-title`}
        >
          {/* The heading links to the section's own page: a place to share. */}
          <h3 id={`results-${s.id}-title`} lang={s.nominationLang}>
            <Link to={`/events/${slug}/results/${s.id}`}>{sectionName(t, s)}</Link>
          </h3>
          <PlaceList rows={s.rows} />
        </section>
      ))}
    </section>
  );
}
