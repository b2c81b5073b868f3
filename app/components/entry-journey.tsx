import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";

import type { EntryJourney } from "~/.server/registration/entry-journey.server";
import type { Locale } from "~/domain/locale";
import { todayIn } from "~/domain/time";
import { formatDate, formatDateRange, formatList } from "~/i18n/format";

import { Fact } from "./fact";
import { clockTime } from "./programme";
import { stepTitle, type T } from "./season-steps";

/** The next step in words, in the reader's language and the event's clock. */
function nextStepText(
  t: T,
  next: NonNullable<EntryJourney["next"]>,
  where: { venue: string; stage: string; timezone: string; locale: Locale },
): string {
  const day = (date: string) => formatDate(date, where.locale);
  switch (next.kind) {
    case "awaitSelection":
      return next.date ? t("journey.awaitSelection", { date: day(next.date) }) : t("journey.awaitSelectionUndated");
    case "awaitProgramme":
      return next.date ? t("journey.awaitProgramme", { date: day(next.date) }) : t("journey.awaitProgrammeUndated");
    case "come":
      return t("journey.come", {
        venue: where.venue,
        stage: where.stage,
        date: day(todayIn(where.timezone, new Date(next.startsAt))),
        time: clockTime(next.startsAt, where.timezone),
      });
    case "awaitResults":
      return t("journey.awaitResults");
    case "resultsOut":
      return t(next.isLast ? "journey.resultsOutLast" : "journey.resultsOut");
  }
}

/**
 * Where a family's entry is in the season: its age group, the round or heat it is in now, when and
 * where, its stage time once the running order is published, and what to do next.
 */
export function EntryJourneyCard({
  journey,
  eventSlug,
  locale,
}: {
  journey: EntryJourney;
  eventSlug: string;
  locale: Locale;
}) {
  const { t } = useTranslation();
  const { ageGroup, round, slot, next, timezone } = journey;
  if (!ageGroup && !round) return null;
  const regions = round?.regions.length
    ? formatList(
        round.regions.map((r) => t(`region.${r}`)),
        locale,
      )
    : null;
  const venue = slot?.stageVenue || round?.venue || (round?.city ? t(`city.${round.city}`) : "");
  return (
    <section className="card stack journey" aria-labelledby="journey-heading">
      <h2 id="journey-heading">{t("journey.title")}</h2>
      <dl className="facts facts--narrow">
        {ageGroup ? (
          <Fact term={t("journey.ageGroup")}>
            {ageGroup.max >= 99
              ? t("event.ageFrom", { min: ageGroup.min })
              : t("event.ageRange", { min: ageGroup.min, max: ageGroup.max })}
          </Fact>
        ) : null}
        {round ? (
          <>
            <Fact term={t("journey.round")}>
              <Link to={`/events/${eventSlug}/rounds/${round.id}`}>
                {[stepTitle(t, { kind: round.kind, parallel: 1 }), regions].filter(Boolean).join(" · ")}
              </Link>
            </Fact>
            {round.startsOn ? (
              <Fact term={t("journey.dates")}>
                {formatDateRange(round.startsOn, round.endsOn ?? round.startsOn, locale)}
              </Fact>
            ) : null}
            {round.city ? (
              <Fact term={t("journey.city")}>{t(`city.${round.city}`, { defaultValue: round.city })}</Fact>
            ) : null}
            {round.venue ? (
              <Fact term={t("journey.venue")}>
                <span lang={round.venueLang}>{round.venue}</span>
              </Fact>
            ) : null}
          </>
        ) : null}
        {slot ? (
          <Fact term={t("journey.stageTime")}>
            {formatDate(todayIn(timezone, new Date(slot.startsAt)), locale)},{" "}
            {t("journey.stageTimeValue", { time: clockTime(slot.startsAt, timezone), stage: slot.stage })}
          </Fact>
        ) : null}
      </dl>
      {next ? (
        <p className="journey__next">
          <span className="muted">{t("journey.next")}: </span>
          {nextStepText(t, next, { venue, stage: slot?.stage ?? "", timezone, locale })}
        </p>
      ) : null}
    </section>
  );
}
