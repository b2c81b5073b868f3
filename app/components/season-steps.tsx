import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";

import type { Locale } from "~/domain/locale";
import { formatDateRange, formatList, formatNumber } from "~/i18n/format";

/** A round as the season's public views show it (see app/.server/events/public-season.server.ts). */
export interface SeasonRound {
  id: number;
  kind: string;
  regions: string[];
  towns: string[];
  city: string | null;
  venue: string;
  venueLang: string;
  startsOn: string | null;
  endsOn: string | null;
  advanceRule?: string;
  advanceValue?: number | null;
  hasProgramme: boolean;
  hasResults: boolean;
}

export interface SeasonStep {
  number: number;
  kind: string;
  rounds: SeasonRound[];
}

/** A translator: i18next's `t`, or the catalogues read directly (in `meta`). */
export type T = (key: string, options?: Record<string, unknown>) => string;

const cityName = (t: T, city: string) => t(`city.${city}`, { defaultValue: city });

/** Whose entries a round takes: its regions, else its towns; null when it takes everyone. */
export function roundCatchment(t: T, round: SeasonRound, locale: Locale): string | null {
  if (round.regions.length)
    return formatList(
      round.regions.map((r) => t(`region.${r}`)),
      locale,
    );
  if (round.towns.length)
    return formatList(
      round.towns.map((town) => cityName(t, town)),
      locale,
    );
  return null;
}

/** What tells a round from the others of its step: a heat by its regions, a gala by its city. */
export function roundPlace(t: T, round: SeasonRound, locale: Locale): string | null {
  const city = round.city ? cityName(t, round.city) : null;
  return round.kind === "heat"
    ? (roundCatchment(t, round, locale) ?? city)
    : (city ?? roundCatchment(t, round, locale));
}

/** What a step is called: a selection round, the regional heats, the final or the galas. */
export function stepTitle(t: T, step: { kind: string; parallel: number }): string {
  const key = step.parallel > 1 ? `${step.kind}Parallel` : step.kind;
  return t(`season.step.${key}`, { defaultValue: t(`roundKind.${step.kind}`) });
}

/** The round's name on its own page: "Regional heat · Pavlodar Region". */
export function roundTitle(t: T, round: SeasonRound, parallel: number, locale: Locale): string {
  const place = parallel > 1 ? roundPlace(t, round, locale) : null;
  return [stepTitle(t, { kind: round.kind, parallel: 1 }), place].filter(Boolean).join(" · ");
}

export function RoundWhen({ round, locale }: { round: SeasonRound; locale: Locale }) {
  const { t } = useTranslation();
  const parts = [
    round.startsOn ? formatDateRange(round.startsOn, round.endsOn ?? round.startsOn, locale) : null,
    round.city ? cityName(t, round.city) : null,
  ].filter(Boolean);
  return (
    <>
      {parts.join(" · ")}
      {round.venue ? (
        <>
          {parts.length ? " · " : null}
          <span lang={round.venueLang}>{round.venue}</span>
        </>
      ) : null}
    </>
  );
}

function Published({ round }: { round: SeasonRound }) {
  const { t } = useTranslation();
  if (!round.hasProgramme && !round.hasResults) return null;
  return (
    <span className="season-round__out">
      {round.hasProgramme ? <span className="badge">{t("season.programmeOut")}</span> : null}
      {round.hasResults ? <span className="badge badge--published">{t("season.resultsOut")}</span> : null}
    </span>
  );
}

function AdvanceRule({ round, locale }: { round: SeasonRound; locale: Locale }) {
  const { t } = useTranslation();
  if (round.advanceValue == null) return null;
  if (round.advanceRule === "top_n") return <p>{t("event.advanceTopN", { value: round.advanceValue })}</p>;
  if (round.advanceRule === "min_score")
    return <p>{t("event.advanceMinScore", { value: formatNumber(round.advanceValue, locale) })}</p>;
  return null;
}

/**
 * The season step by step on the event page: one line for a step of one round, a list for a step
 * of rounds in parallel (the heats by region, the galas by city), each round linking to its page.
 */
export function SeasonSteps({ slug, season, locale }: { slug?: string; season: SeasonStep[]; locale: Locale }) {
  const { t } = useTranslation();
  const collator = new Intl.Collator(locale);
  const link = (round: SeasonRound, text: string) =>
    slug ? <Link to={`/events/${slug}/rounds/${round.id}`}>{text}</Link> : text;
  return (
    <ol className="rounds season">
      {season.map((step) => {
        const title = stepTitle(t, { kind: step.kind, parallel: step.rounds.length });
        if (step.rounds.length === 1) {
          const round = step.rounds[0]!;
          return (
            <li key={step.number} className="round">
              <h3>{link(round, title)}</h3>
              <p className="muted">
                <RoundWhen round={round} locale={locale} /> <Published round={round} />
              </p>
              <AdvanceRule round={round} locale={locale} />
            </li>
          );
        }
        const rounds = step.rounds
          .map((round) => ({ round, place: roundPlace(t, round, locale) ?? title }))
          .sort((a, b) => collator.compare(a.place, b.place));
        return (
          <li key={step.number} className="round">
            <h3>{title}</h3>
            <p className="muted small">{t("season.parallel", { number: step.rounds.length })}</p>
            <ul className="season-rounds">
              {rounds.map(({ round, place }) => (
                <li key={round.id} className="season-round">
                  <span className="season-round__place">{link(round, place)}</span>
                  <span className="muted small">
                    <RoundWhen round={{ ...round, venue: "" }} locale={locale} />
                  </span>
                  <Published round={round} />
                </li>
              ))}
            </ul>
          </li>
        );
      })}
    </ol>
  );
}
